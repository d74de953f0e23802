// The API's HTTP/2 receive windows are widened (api-listener.ts says why: uploads ran at a
// third of either hop's speed with the 64 KiB default). grpc-js has no server option for it,
// so this reaches into its http2 servers: the test fails the day a grpc-js makes that a no-op.
import test from 'ava';
import http2 from 'node:http2';
import { once } from 'node:events';
import { listenApi, RECEIVE_WINDOW_BYTES } from '../../src/coordinator/api/api-listener.ts';

test("the API server offers its clients a stream window of RECEIVE_WINDOW_BYTES, not HTTP/2's 64 KiB", async (t) => {
  const listener = await listenApi('127.0.0.1:0', undefined);
  t.teardown(() => listener.server.forceShutdown());
  const session = http2.connect(`http://${listener.address}`);
  t.teardown(() => session.destroy());
  const [settings] = (await once(session, 'remoteSettings')) as [http2.Settings];
  t.is(settings.initialWindowSize, RECEIVE_WINDOW_BYTES);
  t.true(RECEIVE_WINDOW_BYTES > 65_535);
});
