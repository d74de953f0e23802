// Original file: proto/troupe/v1/node_tasks.proto

import type { NodeTaskExecutionInformation as _troupe_v1_NodeTaskExecutionInformation, NodeTaskExecutionInformation__Output as _troupe_v1_NodeTaskExecutionInformation__Output } from '../../troupe/v1/NodeTaskExecutionInformation';

export interface JobPreparationAndReleaseTaskExecutionInformation {
  'poolId'?: (string);
  'nodeId'?: (string);
  'jobPreparationTaskExecutionInfo'?: (_troupe_v1_NodeTaskExecutionInformation | null);
  'jobReleaseTaskExecutionInfo'?: (_troupe_v1_NodeTaskExecutionInformation | null);
}

export interface JobPreparationAndReleaseTaskExecutionInformation__Output {
  'poolId': (string);
  'nodeId': (string);
  'jobPreparationTaskExecutionInfo': (_troupe_v1_NodeTaskExecutionInformation__Output | null);
  'jobReleaseTaskExecutionInfo': (_troupe_v1_NodeTaskExecutionInformation__Output | null);
}
