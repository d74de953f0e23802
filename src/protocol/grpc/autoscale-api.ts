// What a client of troupe.v1.AutoScale offers (its unary methods as promises), whichever client
// makes the calls: connectAutoScaleApi (grpc-js: tests, programs) or the CLI's wire client
// (connectWireService). Types only.
import type { AutoScaleRun__Output } from '../generated/troupe/v1/AutoScaleRun.ts';
import type { DisableAutoScaleRequest } from '../generated/troupe/v1/DisableAutoScaleRequest.ts';
import type { EnableAutoScaleRequest } from '../generated/troupe/v1/EnableAutoScaleRequest.ts';
import type { EvaluateAutoScaleRequest } from '../generated/troupe/v1/EvaluateAutoScaleRequest.ts';
import type { Pool__Output } from '../generated/troupe/v1/Pool.ts';
import type { ApiCallOptions } from './batch-api.ts';

export interface AutoScaleApi {
  EnableAutoScale(request: EnableAutoScaleRequest, options?: ApiCallOptions): Promise<Pool__Output>;
  DisableAutoScale(request: DisableAutoScaleRequest, options?: ApiCallOptions): Promise<Pool__Output>;
  EvaluateAutoScale(request: EvaluateAutoScaleRequest, options?: ApiCallOptions): Promise<AutoScaleRun__Output>;
  close(): void;
}
