// The gate's table (coordinator/auth/call-policy.ts) names every call of the API's services, so
// that none is open or closed by accident, and its roles are what the README says.
import test from 'ava';
import { serviceMethods } from '../../src/protocol/grpc/proto-descriptor.ts';
import { CALL_POLICIES, roleMay } from '../../src/coordinator/auth/call-policy.ts';
import { UNGATED_SERVICES } from '../../src/coordinator/auth/authorize.ts';
import { LEADER_SERVICES } from '../../src/coordinator/api/api-listener.ts';
import { API_CLIENT_SERVICES, PUBLIC_SERVICES } from '../../src/protocol/grpc/api-services.ts';

test('every method of the leader services has a policy, and the table names no other', (t) => {
  const methods = LEADER_SERVICES.flatMap((service) => serviceMethods(service).map((m) => `${service}/${m.name}`));
  t.deepEqual(Object.keys(CALL_POLICIES).sort(), methods.sort());
});

test('the coordinator serves troupe services behind the gate, and only health and reflection without it', (t) => {
  t.deepEqual([...LEADER_SERVICES].sort(), [...new Set(Object.keys(CALL_POLICIES).map((m) => m.split('/')[0]))].sort());
  t.deepEqual([...UNGATED_SERVICES].sort(), ['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']);
  for (const service of UNGATED_SERVICES) t.false(Object.keys(CALL_POLICIES).some((m) => m.startsWith(`${service}/`)), `${service} is not in the table`);
});

test('roles: admin may everything, a submitter changes jobs but not pools, a reader only reads', (t) => {
  const may = (role: 'admin' | 'submitter' | 'reader') => Object.entries(CALL_POLICIES).filter(([, p]) => roleMay(role, p.access)).map(([m]) => m.split('/')[1]);
  t.is(may('admin').length, Object.keys(CALL_POLICIES).length);
  t.true(may('submitter').includes('CreateJob'));
  t.true(may('submitter').includes('UploadFile'));
  t.false(may('submitter').includes('CreatePool'));
  t.false(may('submitter').includes('CreateToken'));
  t.false(may('submitter').includes('GetNodeFile'));
  for (const m of may('reader')) t.regex(m!, /^(Get|List|Watch|Download|WhoAmI|Explain)/, `${m} is a read`);
  t.true(may('reader').includes('GetNodeFile'));
});

test("the API clients' services are leader services; public method names are unique (a client offers them as one object, errors look requests up by method)", (t) => {
  for (const service of API_CLIENT_SERVICES) t.true((LEADER_SERVICES as readonly string[]).includes(service), service);
  const names = PUBLIC_SERVICES.flatMap((service) => serviceMethods(service).map((m) => m.name));
  t.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  t.true(names.includes('CreateJobSchedule') && names.includes('CreateJob'));
});
