// Original file: proto/troupe/v1/pool.proto

import type { TaskSchedulingPolicy as _troupe_v1_TaskSchedulingPolicy, TaskSchedulingPolicy__Output as _troupe_v1_TaskSchedulingPolicy__Output } from '../../troupe/v1/TaskSchedulingPolicy';
import type { ApplicationPackageReference as _troupe_v1_ApplicationPackageReference, ApplicationPackageReference__Output as _troupe_v1_ApplicationPackageReference__Output } from '../../troupe/v1/ApplicationPackageReference';
import type { StartTask as _troupe_v1_StartTask, StartTask__Output as _troupe_v1_StartTask__Output } from '../../troupe/v1/StartTask';
import type { UserAccount as _troupe_v1_UserAccount, UserAccount__Output as _troupe_v1_UserAccount__Output } from '../../troupe/v1/UserAccount';
import type { MetadataItem as _troupe_v1_MetadataItem, MetadataItem__Output as _troupe_v1_MetadataItem__Output } from '../../troupe/v1/MetadataItem';
import type { ResizeError as _troupe_v1_ResizeError, ResizeError__Output as _troupe_v1_ResizeError__Output } from '../../troupe/v1/ResizeError';
import type { NodeProvider as _troupe_v1_NodeProvider, NodeProvider__Output as _troupe_v1_NodeProvider__Output } from '../../troupe/v1/NodeProvider';
import type { AutoScaleRun as _troupe_v1_AutoScaleRun, AutoScaleRun__Output as _troupe_v1_AutoScaleRun__Output } from '../../troupe/v1/AutoScaleRun';

export interface Pool {
  'id'?: (string);
  'displayName'?: (string);
  'taskSlotsPerNode'?: (number);
  'taskSchedulingPolicy'?: (_troupe_v1_TaskSchedulingPolicy | null);
  'enableInterNodeCommunication'?: (boolean);
  'state'?: (string);
  'creationTime'?: (string);
  'currentNodes'?: (number);
  'applicationPackageReferences'?: (_troupe_v1_ApplicationPackageReference)[];
  'startTask'?: (_troupe_v1_StartTask | null);
  'userAccounts'?: (_troupe_v1_UserAccount)[];
  'allowAdminTasks'?: (boolean);
  'metadata'?: (_troupe_v1_MetadataItem)[];
  'targetDedicatedNodes'?: (number);
  'targetLowPriorityNodes'?: (number);
  'resizeTimeout'?: (string);
  'allocationState'?: (string);
  'allocationStateTransitionTime'?: (string);
  'resizeErrors'?: (_troupe_v1_ResizeError)[];
  'currentDedicatedNodes'?: (number);
  'currentLowPriorityNodes'?: (number);
  'nodeProvider'?: (_troupe_v1_NodeProvider | null);
  'enableAutoScale'?: (boolean);
  'autoScaleFormula'?: (string);
  'autoScaleEvaluationInterval'?: (string);
  'autoScaleRun'?: (_troupe_v1_AutoScaleRun | null);
}

export interface Pool__Output {
  'id': (string);
  'displayName': (string);
  'taskSlotsPerNode': (number);
  'taskSchedulingPolicy': (_troupe_v1_TaskSchedulingPolicy__Output | null);
  'enableInterNodeCommunication': (boolean);
  'state': (string);
  'creationTime': (string);
  'currentNodes': (number);
  'applicationPackageReferences': (_troupe_v1_ApplicationPackageReference__Output)[];
  'startTask': (_troupe_v1_StartTask__Output | null);
  'userAccounts': (_troupe_v1_UserAccount__Output)[];
  'allowAdminTasks': (boolean);
  'metadata': (_troupe_v1_MetadataItem__Output)[];
  'targetDedicatedNodes': (number);
  'targetLowPriorityNodes': (number);
  'resizeTimeout': (string);
  'allocationState': (string);
  'allocationStateTransitionTime': (string);
  'resizeErrors': (_troupe_v1_ResizeError__Output)[];
  'currentDedicatedNodes': (number);
  'currentLowPriorityNodes': (number);
  'nodeProvider': (_troupe_v1_NodeProvider__Output | null);
  'enableAutoScale': (boolean);
  'autoScaleFormula': (string);
  'autoScaleEvaluationInterval': (string);
  'autoScaleRun': (_troupe_v1_AutoScaleRun__Output | null);
}
