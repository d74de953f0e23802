// Original file: proto/troupe/v1/node_tasks.proto

import type { JobPreparationAndReleaseTaskExecutionInformation as _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation, JobPreparationAndReleaseTaskExecutionInformation__Output as _troupe_v1_JobPreparationAndReleaseTaskExecutionInformation__Output } from '../../troupe/v1/JobPreparationAndReleaseTaskExecutionInformation';

export interface ListPreparationAndReleaseTaskStatusResponse {
  'value'?: (_troupe_v1_JobPreparationAndReleaseTaskExecutionInformation)[];
  'preparationFailedNodes'?: (number);
  'preparationSucceededNodes'?: (number);
}

export interface ListPreparationAndReleaseTaskStatusResponse__Output {
  'value': (_troupe_v1_JobPreparationAndReleaseTaskExecutionInformation__Output)[];
  'preparationFailedNodes': (number);
  'preparationSucceededNodes': (number);
}
