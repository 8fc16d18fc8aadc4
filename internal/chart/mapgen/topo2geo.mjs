// topo2geo converts world-atlas's countries TopoJSON into GeoJSON with the
// reference TopoJSON library (topojson-client), for mapgen to clip, simplify
// and round. China is drawn following UN practice: Taiwan (158), Hong Kong
// (344) and Macao (446) are merged into China (156), so no border is drawn
// between them and the mainland.
//
//	node topo2geo.mjs countries-50m.json > countries.geojson
import { readFileSync } from "node:fs";
import { feature, merge } from "topojson-client";

const topo = JSON.parse(readFileSync(process.argv[2], "utf8"));
const countries = topo.objects.countries;
const china = new Set(["156", "158", "344", "446"]);

const out = [];
for (const g of countries.geometries) {
  if (china.has(g.id)) continue;
  // Areas without a code (e.g. Siachen Glacier) are kept, with an empty id,
  // so that the land they cover is drawn as context.
  const f = feature(topo, g);
  out.push({ type: "Feature", id: g.id ?? "", properties: { name: g.properties.name }, geometry: f.geometry });
}
const parts = countries.geometries.filter((g) => china.has(g.id));
if (parts.length !== 4) throw new Error(`China's parts: found ${parts.length} of 4`);
out.push({ type: "Feature", id: "156", properties: { name: "China" }, geometry: merge(topo, parts) });
const key = (f) => f.id + "\u0000" + f.properties.name;
out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features: out }));
