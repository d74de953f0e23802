// Original file: proto/troupe/v1/task.proto

import type { EnvironmentSetting as _troupe_v1_EnvironmentSetting, EnvironmentSetting__Output as _troupe_v1_EnvironmentSetting__Output } from '../../troupe/v1/EnvironmentSetting';
import type { TaskConstraints as _troupe_v1_TaskConstraints, TaskConstraints__Output as _troupe_v1_TaskConstraints__Output } from '../../troupe/v1/TaskConstraints';
import type { MultiInstanceSettings as _troupe_v1_MultiInstanceSettings, MultiInstanceSettings__Output as _troupe_v1_MultiInstanceSettings__Output } from '../../troupe/v1/MultiInstanceSettings';
import type { ResourceFile as _troupe_v1_ResourceFile, ResourceFile__Output as _troupe_v1_ResourceFile__Output } from '../../troupe/v1/ResourceFile';
import type { OutputFile as _troupe_v1_OutputFile, OutputFile__Output as _troupe_v1_OutputFile__Output } from '../../troupe/v1/OutputFile';
import type { ApplicationPackageReference as _troupe_v1_ApplicationPackageReference, ApplicationPackageReference__Output as _troupe_v1_ApplicationPackageReference__Output } from '../../troupe/v1/ApplicationPackageReference';
import type { UserIdentity as _troupe_v1_UserIdentity, UserIdentity__Output as _troupe_v1_UserIdentity__Output } from '../../troupe/v1/UserIdentity';
import type { AuthenticationTokenSettings as _troupe_v1_AuthenticationTokenSettings, AuthenticationTokenSettings__Output as _troupe_v1_AuthenticationTokenSettings__Output } from '../../troupe/v1/AuthenticationTokenSettings';
import type { MetadataItem as _troupe_v1_MetadataItem, MetadataItem__Output as _troupe_v1_MetadataItem__Output } from '../../troupe/v1/MetadataItem';
import type { TaskDependencies as _troupe_v1_TaskDependencies, TaskDependencies__Output as _troupe_v1_TaskDependencies__Output } from '../../troupe/v1/TaskDependencies';
import type { ExitConditions as _troupe_v1_ExitConditions, ExitConditions__Output as _troupe_v1_ExitConditions__Output } from '../../troupe/v1/ExitConditions';
import type { TaskPty as _troupe_v1_TaskPty, TaskPty__Output as _troupe_v1_TaskPty__Output } from '../../troupe/v1/TaskPty';

export interface TaskSpec {
  'id'?: (string);
  'displayName'?: (string);
  'commandLine'?: (string);
  'commandArgs'?: (string)[];
  'environmentSettings'?: (_troupe_v1_EnvironmentSetting)[];
  'constraints'?: (_troupe_v1_TaskConstraints | null);
  'requiredSlots'?: (number);
  'multiInstanceSettings'?: (_troupe_v1_MultiInstanceSettings | null);
  'resourceFiles'?: (_troupe_v1_ResourceFile)[];
  'outputFiles'?: (_troupe_v1_OutputFile)[];
  'applicationPackageReferences'?: (_troupe_v1_ApplicationPackageReference)[];
  'userIdentity'?: (_troupe_v1_UserIdentity | null);
  'authenticationTokenSettings'?: (_troupe_v1_AuthenticationTokenSettings | null);
  'metadata'?: (_troupe_v1_MetadataItem)[];
  'dependsOn'?: (_troupe_v1_TaskDependencies | null);
  'exitConditions'?: (_troupe_v1_ExitConditions | null);
  'pty'?: (_troupe_v1_TaskPty | null);
  'requiredGpus'?: (number);
}

export interface TaskSpec__Output {
  'id': (string);
  'displayName': (string);
  'commandLine': (string);
  'commandArgs': (string)[];
  'environmentSettings': (_troupe_v1_EnvironmentSetting__Output)[];
  'constraints': (_troupe_v1_TaskConstraints__Output | null);
  'requiredSlots': (number);
  'multiInstanceSettings': (_troupe_v1_MultiInstanceSettings__Output | null);
  'resourceFiles': (_troupe_v1_ResourceFile__Output)[];
  'outputFiles': (_troupe_v1_OutputFile__Output)[];
  'applicationPackageReferences': (_troupe_v1_ApplicationPackageReference__Output)[];
  'userIdentity': (_troupe_v1_UserIdentity__Output | null);
  'authenticationTokenSettings': (_troupe_v1_AuthenticationTokenSettings__Output | null);
  'metadata': (_troupe_v1_MetadataItem__Output)[];
  'dependsOn': (_troupe_v1_TaskDependencies__Output | null);
  'exitConditions': (_troupe_v1_ExitConditions__Output | null);
  'pty': (_troupe_v1_TaskPty__Output | null);
  'requiredGpus': (number);
}
