// Original file: proto/troupe/v1/job_schedule.proto


export interface Schedule {
  'doNotRunUntil'?: (string);
  'doNotRunAfter'?: (string);
  'startWindow'?: (string);
  'recurrenceInterval'?: (string);
}

export interface Schedule__Output {
  'doNotRunUntil': (string);
  'doNotRunAfter': (string);
  'startWindow': (string);
  'recurrenceInterval': (string);
}
