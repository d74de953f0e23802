// Clients of the standard gRPC services troupe serves (grpc.health.v1, grpc.reflection.v1),
// built from those services' own .proto files, as any language's client would be: none of
// troupe's code or conventions in between.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function loadService(protoFile: string, includeDir: string, service: string): grpc.ServiceClientConstructor {
  const definition = protoLoader.loadSync(protoFile, { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [includeDir] });
  let node: any = grpc.loadPackageDefinition(definition);
  for (const part of service.split('.')) node = node[part];
  return node as grpc.ServiceClientConstructor;
}

const credentialsFor = (ca: Buffer | undefined) => (ca ? grpc.credentials.createSsl(ca) : grpc.credentials.createInsecure());

export interface HealthClient {
  check(service: string): Promise<string>;
  /** Resolves when Watch reports `status` for `service`. */
  watchFor(service: string, status: string): { reached: Promise<void>; cancel(): void };
  close(): void;
}

export function healthClient(address: string, ca?: Buffer): HealthClient {
  const protoRoot = path.join(path.dirname(require.resolve('grpc-health-check/package.json')), 'proto');
  const Health = loadService('health/v1/health.proto', protoRoot, 'grpc.health.v1.Health');
  const client = new Health(address, credentialsFor(ca)) as any;
  return {
    check: (service) => new Promise((resolve, reject) =>
      client.Check({ service }, (err: grpc.ServiceError | null, res: { status: string }) => (err ? reject(err) : resolve(res.status)))),
    watchFor(service, status) {
      const call = client.Watch({ service });
      const reached = new Promise<void>((resolve, reject) => {
        call.on('data', (res: { status: string }) => res.status === status && resolve());
        call.on('error', (err: grpc.ServiceError) => err.code !== grpc.status.CANCELLED && reject(err));
      });
      return { reached, cancel: () => call.cancel() };
    },
    close: () => client.close(),
  };
}

export interface ReflectionClient {
  /** One request on a ServerReflectionInfo stream, its one response. */
  ask(request: Record<string, unknown>): Promise<any>;
  close(): void;
}

export function reflectionClient(address: string, ca?: Buffer): ReflectionClient {
  const protoRoot = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const Reflection = loadService('grpc/reflection/v1/reflection.proto', protoRoot, 'grpc.reflection.v1.ServerReflection');
  const client = new Reflection(address, credentialsFor(ca)) as any;
  return {
    ask: (request) => new Promise((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on('data', (res: unknown) => {
        resolve(res);
        call.end();
      });
      call.on('error', reject);
      call.write(request);
    }),
    close: () => client.close(),
  };
}
