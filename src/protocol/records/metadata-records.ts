// Azure Batch's metadata: name-value pairs on pools, jobs and tasks, for the user's own code.
export interface MetadataRecord {
  name: string;
  value: string;
}
