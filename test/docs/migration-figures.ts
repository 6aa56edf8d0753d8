import { analyze, compareRankings, type ParsedEvents } from '../../src/index.js';

const pct = (x: number | null, digits = 2) => (x === null ? '–' : `${(100 * x).toFixed(digits)}%`);
const num = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));

/** The classic-vs-default figures quoted in docs/migrating-from-pandas.md, rendered as Markdown. */
export function migrationFigures(events: ParsedEvents, movers = 8): string {
  const classic = analyze(events, { preset: 'classic' });
  const recommended = analyze(events);
  const c = compareRankings(classic.influencers, recommended.influencers, { k: 10 });
  const byId = new Map(recommended.influencers.map((i) => [i.influencerId, i]));
  const classicById = new Map(classic.influencers.map((i) => [i.influencerId, i]));
  const rpcShare = (id: string) => {
    const line = classicById.get(id)!;
    return line.score ? (0.3 * line.rpc!) / line.score : null;
  };
  const meanShare = classic.influencers.reduce((s, i) => s + (rpcShare(i.influencerId) ?? 0), 0) / classic.influencers.length;
  const lines = [
    '| measure | value |',
    '|---|---|',
    `| influencers ranked by both | ${c.n} |`,
    `| Spearman's rho | ${c.spearman!.toFixed(3)} |`,
    `| Kendall's tau-b | ${c.kendallTauB!.toFixed(3)} |`,
    `| top-10 overlap | ${c.topK.overlap} of ${c.topK.k} |`,
    `| mean share of the classic score that comes from rpc | ${pct(meanShare, 1)} |`,
    '',
    `Top 10, classic: ${c.topK.a.join(', ')}.`,
    `Top 10, default: ${c.topK.b.join(', ')}.`,
    '',
    '| influencer | classic rank | default rank | clicks | purchases | rpc (classic, mean of daily) | rpc (totals) | rpc shrunk | purchase rate | purchase rate shrunk | overall conv |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...c.moves.slice(0, movers).map((m) => {
      const d = byId.get(m.influencerId)!;
      const k = classicById.get(m.influencerId)!;
      return `| ${m.influencerId} | ${m.rankA} | ${m.rankB} | ${d.clicks} | ${d.purchases} | ${num(k.rpc)} | ${num(d.rpc)} | ${num(d.rpcShrunk)} | ${pct(d.purchaseRate, 1)} | ${pct(d.purchaseRateShrunk, 1)} | ${pct(d.overallConversion, 3)} |`;
    }),
    '',
    `Priors fitted on the sample (strength = pseudo-trials or pseudo-exposure): ctr ${recommended.priors.ctr.strength.toFixed(0)} impressions, ` +
      `purchase rate ${recommended.priors.purchaseRate.strength.toFixed(1)} add-to-carts, overall conversion ${recommended.priors.overallConversion.strength.toFixed(0)} impressions, ` +
      `rpc ${recommended.priors.rpc.strength.toFixed(0)} clicks at ${num(recommended.priors.rpc.mean)} per click.`,
  ];
  return lines.join('\n');
}
