// The world: the genesis state a population lands in (docs/agent-models.md §6, launch rule set), and the miner
// quality and burn helpers the world process and the families share. The world process itself (root validators
// setting weights) is in rootWeights.ts.
import type { Chain } from '../market/chain.ts';
import { type ChainView, ROOT } from '../market/types.ts';
import { ParamError, type PathSeg, checkScalar } from '../market/params.ts';
import { genesisMaxNetuid, isWorldGenesis } from '../replay/worldGenesis.ts';
import { buildGenesisWorld } from './genesisWorld.ts';
import type { Rng } from './rng.ts';
import type { World } from './types.ts';
import { DEFAULT_WORLD, WORLD_PARAMS, type WorldSpec } from './worldParams.ts';

export { DEFAULT_WORLD, WORLD_PARAMS, type WorldSpec } from './worldParams.ts';

/**
 * Launch genesis moving prices (docs/chain-rules.md §2.3, errata E1; migrate_rao.rs set each subnet's
 * SubnetMovingPrice to its pre-dTAO root-vote emission share, summing to 1). The lab draws the shares as
 * lognormal weights exp(σ·Z), normalised, from the stream 'genesis-shares'. σ = 1.1 gives 64 subnets a mean
 * top-10 share of 52% and a top-1 share of ~12%: the top-10 share observed in 2025 (docs/observed.md L8,
 * ~52%) while launch emission was still anchored to the root vote; commentary-grade, so treat it as a band
 * (σ 0.9–1.4 spans top-10 shares of 45–63%). σ = 0 gives every subnet 1/n. `genesisShareQuality` ρ makes
 * Z = ρ·(standardised latent quality) + √(1 − ρ²)·N(0, 1): how far the pre-dTAO vote followed quality. Its
 * default 0 (a vote blind to the lab's latent quality) has no calibration source; sweep it.
 */
export const GENESIS_SHARE_SIGMA = 1.1; // also the default of world.genesisShareSigma (worldParams.ts)

/** Share of root validators whose take is halved at genesis (§6: "0.18 for all; 10% of validators at 0.09"). */
const LOW_TAKE_SHARE = 0.1;
/** Genesis miners' quality ~ Beta(2, 5) (docs/agent-models.md §4, "q"). Also drawn for UIDs nobody declared. */
export const MINER_QUALITY: readonly [number, number] = [2, 5];

/** The launch world (World plus the keys genesis created, so families and metrics can find them). */
export interface LaunchWorld extends World {
  spec: WorldSpec;
  /** Coldkey of the subnet owner, by netuid (−1 for root / none). */
  ownerColdkeys: Int32Array;
  ownerHotkeys: Int32Array;
  /** Coldkey owning each root validator hotkey (gets its take), aligned with rootValidators. */
  rootValidatorColdkeys: Int32Array;
  /** Genesis miners, netuid-major: coldkey, hotkey and netuid of each. */
  minerColdkeys: Int32Array;
  minerHotkeys: Int32Array;
  minerNetuids: Int32Array;
  /** Unmodelled holders' free TAO (issued − root stake − pools); agents are funded from it at genesis. */
  inertColdkey: number;
  /** Miner quality per UID slot (netuid × maxUids + uid), valid while uidQualityHotkey holds the same hotkey. */
  uidQuality: Float64Array;
  uidQualityHotkey: Int32Array;
  /** 1 for hotkeys that are genesis root validators (index: hotkey). */
  isRootValidator: Uint8Array;
  /** Coldkeys an agent has taken over (a world owner or miner run by an agent family). */
  claimed: Set<number>;
}

/** Validate a (partial) world spec against WORLD_PARAMS: unknown fields and bad values name the field; missing fields take the defaults. */
export function validateWorldSpec(obj: unknown, path: readonly PathSeg[] = ['world']): WorldSpec {
  if (obj === undefined || obj === null) return { ...DEFAULT_WORLD };
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new ParamError(path, 'must be a mapping of world fields');
  const out: Record<string, unknown> = { ...DEFAULT_WORLD };
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (k === 'genesis') {
      if (!isWorldGenesis(v)) throw new ParamError([...path, 'genesis'], 'must be the path of a snapshot file (replay genesis format), relative to the spec');
      out.genesis = v;
      continue;
    }
    const d = WORLD_PARAMS.find((p) => p.name === k);
    if (!d) throw new ParamError([...path, k], `unknown field; allowed: ${WORLD_PARAMS.map((p) => p.name).join(', ')}, genesis`);
    out[k] = checkScalar(d, v, [...path, k]);
  }
  const w = out as unknown as WorldSpec;
  if (w.genesis) return checkGenesisWorld(w, path);
  const pools = w.subnets * w.initialPoolTao;
  if (w.rootStake + pools > w.issued) {
    throw new ParamError([...path, 'issued'], `${w.issued} is less than rootStake + subnets × initialPoolTao = ${w.rootStake + pools}`);
  }
  return w;
}

/**
 * A world from a snapshot: the genesis sets subnets, stake and issuance, so the launch fields must keep their
 * defaults (qualityAlpha and qualityBeta still apply). `subnets` becomes the highest netuid of the snapshot:
 * it sizes the run's netuid slots.
 */
function checkGenesisWorld(out: WorldSpec, path: readonly PathSeg[]): WorldSpec {
  const top = genesisMaxNetuid(out.genesis!.genesis);
  for (const { name: k } of WORLD_PARAMS) {
    if (k === 'qualityAlpha' || k === 'qualityBeta' || out[k] === DEFAULT_WORLD[k] || (k === 'subnets' && out[k] === top)) continue;
    throw new ParamError([...path, k], 'not used with world.genesis (the snapshot sets subnets, stake and issuance); allowed beside it: qualityAlpha, qualityBeta');
  }
  out.subnets = top;
  return out;
}

/** Root stake shares ∝ (k + 3)^−exponent, k = 1..n (largest first). */
export function rootStakeShares(n: number, exponent: number): Float64Array {
  const w = new Float64Array(n);
  let s = 0;
  for (let k = 0; k < n; k++) s += w[k] = Math.pow(k + 4, -exponent);
  for (let k = 0; k < n; k++) w[k]! /= s;
  return w;
}

/**
 * Genesis (docs/agent-models.md §6): subnets with (initialPoolTao, initialPoolAlpha) pools, each with an owner
 * coldkey+hotkey (UID 0, the owner cut accrues as its stake); root validators with stake ∝ (k+3)^−exponent held
 * by a passive nominator coldkey, each registered on every subnet (root stake counts at taoWeight everywhere);
 * anonymous miners filling minersPerSubnet UIDs per subnet; latent subnet quality ~ Beta; the rest of `issued`
 * on an inert coldkey. Streams: rng.fork('quality' | 'takes' | 'miner-quality').
 */
export function buildWorld(chain: Chain, spec: WorldSpec, rng: Rng, trusted = false): LaunchWorld {
  if (!trusted) spec = validateWorldSpec(spec); // trusted: the full world parseSpec validated
  if (spec.genesis) return buildGenesisWorld(chain, spec, spec.genesis, rng); // a snapshot instead of the launch
  if (chain.maxNetuid < spec.subnets + 1) {
    throw new ParamError(['world', 'subnets'], `${spec.subnets} subnets need maxNetuid >= ${spec.subnets + 1}; the chain has ${chain.maxNetuid}`);
  }
  if (1 + spec.rootValidators + spec.minersPerSubnet > chain.maxUids) {
    throw new ParamError(
      ['world', 'minersPerSubnet'],
      `owner + ${spec.rootValidators} root validators + ${spec.minersPerSubnet} miners exceed the ${chain.maxUids} UIDs of a subnet`,
    );
  }
  const N = chain.maxNetuid;
  const M = chain.maxUids;
  const quality = rng.fork('quality');
  const subnetQuality = new Float64Array(N);
  const ownerColdkeys = new Int32Array(N).fill(-1);
  const ownerHotkeys = new Int32Array(N).fill(-1);
  const netuids: number[] = [];
  for (let k = 0; k < spec.subnets; k++) {
    const ck = chain.addColdkey(0);
    const hk = chain.addHotkey(ck);
    const netuid = chain.genesisSubnet(ck, hk, spec.initialPoolTao, spec.initialPoolAlpha);
    ownerColdkeys[netuid] = ck;
    ownerHotkeys[netuid] = hk;
    subnetQuality[netuid] = quality.beta(spec.qualityAlpha, spec.qualityBeta);
    netuids.push(netuid);
  }

  setGenesisMovingPrices(chain, netuids, spec, subnetQuality, rng.fork('genesis-shares'));

  // Root validators, largest first; 10% (drawn) at half the default take.
  const nv = spec.rootValidators;
  const lowTake = new Uint8Array(nv);
  const order = Int32Array.from({ length: nv }, (_, i) => i);
  rng.fork('takes').shuffle(order);
  for (let i = 0; i < Math.round(LOW_TAKE_SHARE * nv); i++) lowTake[order[i]!] = 1;
  const rootValidators = new Int32Array(nv);
  const rootValidatorColdkeys = new Int32Array(nv);
  for (let k = 0; k < nv; k++) {
    const ck = chain.addColdkey(0);
    rootValidatorColdkeys[k] = ck;
    rootValidators[k] = chain.addHotkey(ck, lowTake[k] ? chain.rules.defaultTake / 2 : chain.rules.defaultTake);
  }
  const passiveColdkey = chain.addColdkey(spec.rootStake);
  if (spec.rootStake > 0) {
    const shares = rootStakeShares(nv, spec.rootStakeExponent);
    for (let k = 0; k < nv; k++) {
      const tao = k === nv - 1 ? chain.balance(passiveColdkey) : spec.rootStake * shares[k]!;
      if (tao > 0) chain.genesisStake(passiveColdkey, rootValidators[k]!, ROOT, tao);
    }
  }
  for (const netuid of netuids) for (const hk of rootValidators) chain.genesisNeuron(netuid, hk);

  // Anonymous genesis miners: their own coldkey and hotkey; they set no weights and never trade.
  const uidQuality = new Float64Array(N * M);
  const uidQualityHotkey = new Int32Array(N * M).fill(-1);
  const mq = rng.fork('miner-quality');
  const nm = netuids.length * spec.minersPerSubnet;
  const minerColdkeys = new Int32Array(nm);
  const minerHotkeys = new Int32Array(nm);
  const minerNetuids = new Int32Array(nm);
  let m = 0;
  for (const netuid of netuids) {
    for (let j = 0; j < spec.minersPerSubnet; j++, m++) {
      const ck = chain.addColdkey(0);
      const hk = chain.addHotkey(ck);
      const uid = chain.genesisNeuron(netuid, hk);
      minerColdkeys[m] = ck;
      minerHotkeys[m] = hk;
      minerNetuids[m] = netuid;
      uidQuality[netuid * M + uid] = mq.beta(MINER_QUALITY[0], MINER_QUALITY[1]);
      uidQualityHotkey[netuid * M + uid] = hk;
    }
  }
  const isRootValidator = new Uint8Array(chain.nHotkeys());
  for (const hk of rootValidators) isRootValidator[hk] = 1;

  // The rest of the issued TAO: unmodelled holders, inert (agents are funded from it, see population.ts).
  const inertColdkey = chain.addColdkey(Math.max(0, spec.issued - chain.issued));
  return {
    spec, subnetQuality, rootValidators, passiveColdkey, ownerColdkeys, ownerHotkeys, rootValidatorColdkeys,
    minerColdkeys, minerHotkeys, minerNetuids, inertColdkey, uidQuality, uidQualityHotkey, isRootValidator,
    claimed: new Set<number>(),
  };
}

/**
 * The owner's burn of miner emission (data/observed L12): validators running the subnet's code give share b of
 * their weight to the owner's UID and 1 − b to the miners, b = world.minerBurnShare[netuid]. Under
 * current-2026-06 the chain burns the owner hotkey's incentive; under earlier rule sets the owner receives it.
 */
export function applyMinerBurn(world: World, chain: ChainView, netuid: number, w: Float64Array): void {
  const b = world.minerBurnShare?.[netuid] ?? 0;
  if (!(b > 0)) return;
  const ownerUid = chain.uidOf(chain.subnets.ownerHotkey[netuid]!, netuid);
  if (ownerUid < 0 || ownerUid >= w.length) return;
  let sum = 0;
  for (let u = 0; u < w.length; u++) if (u !== ownerUid) sum += w[u]!;
  if (!(sum > 0)) return;
  for (let u = 0; u < w.length; u++) w[u] = u === ownerUid ? b : ((1 - b) * w[u]!) / sum;
}

/** Set the burn share of a subnet's miner emission (owners.ts burnMinerShare). */
export function setMinerBurn(world: World, maxNetuid: number, netuid: number, share: number): void {
  world.minerBurnShare ??= new Float64Array(maxNetuid);
  if (netuid >= 0 && netuid < world.minerBurnShare.length) world.minerBurnShare[netuid] = share;
}


/**
 * Genesis moving prices = pre-dTAO emission shares ∝ exp(σ·Z), summing to 1 (errata E1), with
 * Z = ρ·zq + √(1 − ρ²)·N(0, 1) and zq the standardised quality (omitted: ρ = 0).
 */
export function genesisShares(n: number, sigma: number, rng: Rng, rho = 0, zq?: ArrayLike<number>): Float64Array {
  const w = new Float64Array(n);
  const noise = Math.sqrt(1 - rho * rho);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const z = noise * rng.normal() + (zq ? rho * zq[k]! : 0);
    sum += w[k] = sigma > 0 ? Math.exp(sigma * z) : 1;
  }
  for (let k = 0; k < n; k++) w[k]! /= sum;
  return w;
}

function setGenesisMovingPrices(chain: Chain, netuids: readonly number[], spec: WorldSpec, quality: Float64Array, rng: Rng): void {
  // Beta(a, b): mean a/(a+b), variance ab/((a+b)²(a+b+1)).
  const a = spec.qualityAlpha, b = spec.qualityBeta;
  const mean = a / (a + b), sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const zq = netuids.map((i) => (quality[i]! - mean) / sd);
  const shares = genesisShares(netuids.length, spec.genesisShareSigma, rng, spec.genesisShareQuality, zq);
  for (let k = 0; k < netuids.length; k++) chain.genesisMovingPrice(netuids[k]!, shares[k]!);
}


/** A miner declares its UID's quality (docs/agent-models.md §4 q), so honest validators weight it by it. */
export function declareUidQuality(world: LaunchWorld, maxUids: number, netuid: number, uid: number, hotkey: number, q: number): void {
  const i = netuid * maxUids + uid;
  world.uidQuality[i] = q;
  world.uidQualityHotkey[i] = hotkey;
}

/**
 * Quality of the UID (netuid, uid) held by `hotkey`: as declared, or — for a UID nobody declared (or a new
 * holder after pruning) — drawn once from Beta(2, 5) with the given stream and remembered.
 */
export function uidQuality(world: LaunchWorld, maxUids: number, netuid: number, uid: number, hotkey: number, rng: Rng): number {
  const i = netuid * maxUids + uid;
  if (world.uidQualityHotkey[i] !== hotkey) {
    world.uidQuality[i] = rng.beta(MINER_QUALITY[0], MINER_QUALITY[1]);
    world.uidQualityHotkey[i] = hotkey;
  }
  return world.uidQuality[i]!;
}
