// Picks the private /24 of a test network: 10.<random>.<random>.0/24, one that overlaps no route
// of any routing table and no address of this machine (its own networks, other test runs').
import { randomInt } from 'node:crypto';
import { run } from './run-command.ts';

type Range = [number, number];

const toNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function rangeOf(cidr: string): Range | undefined {
  const [ip, bits = '32'] = cidr.split('/');
  if (!ip || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return undefined;
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(toNumber(ip) / size) * size;
  return [start, start + size - 1];
}

const overlaps = (a: Range, b: Range) => a[0] <= b[1] && b[0] <= a[1];

/** The IPv4 ranges in use, with the device each comes with. */
async function rangesInUse(): Promise<{ range: Range; dev?: string }[]> {
  const used: { range: Range; dev?: string }[] = [];
  const routes = JSON.parse(await run(['ip', '-j', '-4', 'route', 'show', 'table', 'all'])) as { dst: string; dev?: string }[];
  for (const r of routes) {
    const range = r.dst === 'default' ? undefined : rangeOf(r.dst);
    if (range) used.push({ range, dev: r.dev });
  }
  const links = JSON.parse(await run(['ip', '-j', '-4', 'addr', 'show'])) as { ifname: string; addr_info?: { local: string; prefixlen: number }[] }[];
  for (const l of links) {
    for (const a of l.addr_info ?? []) {
      const range = rangeOf(`${a.local}/${a.prefixlen}`);
      if (range) used.push({ range, dev: l.ifname });
    }
  }
  return used;
}

/** "10.a.b" for a 10.a.b.0/24 nothing on this machine uses. */
export async function freeSubnet(): Promise<string> {
  const used = await rangesInUse();
  for (let i = 0; i < 200; i++) {
    const prefix = `10.${randomInt(1, 255)}.${randomInt(0, 256)}`;
    const mine = rangeOf(`${prefix}.0/24`)!;
    if (!used.some((u) => overlaps(u.range, mine))) return prefix;
  }
  throw new Error('no free 10.x.y.0/24 on this machine');
}

/** Whether a device other than `dev` also has a route or address in 10.a.b.0/24. */
export async function overlapsOtherRoute(prefix: string, dev: string): Promise<boolean> {
  const mine = rangeOf(`${prefix}.0/24`)!;
  return (await rangesInUse()).some((u) => u.dev !== dev && overlaps(u.range, mine));
}
