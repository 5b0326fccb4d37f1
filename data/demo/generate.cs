#:project ../../gis/Minato.Gis/Minato.Gis.csproj
#:property PublishAot=false
// Generates the Minato.Gis DEMO layers (架空 / made-up data) into this folder, fitted to the real geography:
//   cd data/demo && dotnet run generate.cs
// The real data is in ../minato (the ward boundary, the GSI evacuation sites and shelters, …) and is not written here.
// The layers below have no open data for Minato and are invented: districts (until they are built from 町丁目), roads,
// AEDs, loudspeakers, hazard areas and borings. They are placed on the real ward (../minato/boundary, N03), the 古川's
// real course (its gauges 四ノ橋 and 一之橋 lie on it) and the real shoreline (the bay side of the real boundary), but
// positions, attributes, hazard areas and borings are NOT official: never use them for real decisions.
// The output is deterministic (no randomness).
using System.Globalization;
using System.Text;
using System.Text.Json;
using Minato.Gis.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

var f = GeometryChecks.Factory;
var outDir = Directory.GetCurrentDirectory();
const string Note = "DEMO / 架空データ — not official data";

// ---------------------------------------------------------------- the real ward (国土数値情報 N03 via geolonia, 9 parts)
Polygon Poly(params (double X, double Y)[] pts) => f.CreatePolygon(pts.Select(p => new Coordinate(p.X, p.Y)).ToArray());
var ward = ReadWard(Path.Combine(outDir, "..", "minato", "boundary", "geolonia_admin_13103.geojson"));
var wardCover = ward.Buffer(1e-9);

// ---------------------------------------------------------------- local metric frame for buffers (≈ metres)
const double Lon0 = 139.745, Lat0 = 35.655, Mx = 90_400, My = 111_000;
Geometry Map(Geometry g, Func<Coordinate, Coordinate> fn)
{
    var copy = g.Copy();
    copy.Apply(new CoordinateFilter(fn));
    copy.GeometryChanged();
    return copy;
}
Geometry ToMetres(Geometry g) => Map(g, c => new Coordinate((c.X - Lon0) * Mx, (c.Y - Lat0) * My));
Geometry ToDegrees(Geometry g) => Map(g, c => new Coordinate(Math.Round(c.X / Mx + Lon0, 6), Math.Round(c.Y / My + Lat0, 6)));
Geometry Buffer(Geometry g, double metres) => ToDegrees(ToMetres(g).Buffer(metres, 8));
LineString Line(params (double X, double Y)[] pts) => f.CreateLineString(pts.Select(p => new Coordinate(p.X, p.Y)).ToArray());
Geometry Circle(double x, double y, double metres) => Buffer(f.CreatePoint(new Coordinate(x, y)), metres);

// ---------------------------------------------------------------- districts: a partition of the plane, clipped to the ward
(double, double) nw = (139.70, 35.69), ne = (139.79, 35.69), se = (139.79, 35.61), sw = (139.70, 35.61);
(double, double) a1 = (139.70, 35.6620), a2 = (139.7330, 35.6630), a3 = (139.7430, 35.6690), a4 = (139.7430, 35.69);
(double, double) b1 = (139.7425, 35.6580), b2 = (139.7390, 35.6480), c1 = (139.70, 35.6470), c2 = (139.7290, 35.6485);
(double, double) d1 = (139.7476, 35.6457), d2 = (139.7560, 35.6560), d3 = (139.79, 35.6560), e1 = (139.7403, 35.6285), e2 = (139.7390,
    35.61);
var regions = new Dictionary<string, Polygon>
{
    ["akasaka"] = Poly(nw, a4, a3, a2, a1, nw),
    ["azabu"] = Poly(a1, a2, a3, b1, b2, c2, c1, a1),
    ["shiba"] = Poly(a4, ne, d3, d2, d1, b2, b1, a3, a4),
    ["takanawa"] = Poly(c1, c2, b2, d1, e1, e2, sw, c1),
    ["shibaura-konan"] = Poly(d3, se, e2, e1, d1, d2, d3),
};
var districts = regions.ToDictionary(r => r.Key, r => Clip(r.Value));

// ---------------------------------------------------------------- roads: arterials (緊急輸送道路) + a local grid, noded
var arterials = new (string Name, string Class, double Width, bool Emergency, LineString Line)[]
{
    ("第一京浜（国道15号）", "trunk", 30, true, Line((139.7583, 35.6672), (139.7545, 35.6570), (139.7500, 35.6500), (139.7465, 35.6470),
        (139.7430, 35.6420), (139.7400, 35.6380), (139.7390, 35.6300), (139.7388, 35.6240))),
    ("桜田通り（国道1号）", "trunk", 25, true, Line((139.7480, 35.6715), (139.7445, 35.6630), (139.7430, 35.6540), (139.7395, 35.6480),
        (139.7340, 35.6430), (139.7300, 35.6330), (139.7262, 35.6255))),
    ("外苑東通り", "primary", 22, true, Line((139.7222, 35.6795), (139.7245, 35.6730), (139.7265, 35.6662), (139.7318, 35.6627),
        (139.7390, 35.6600), (139.7430, 35.6575), (139.7470, 35.6545))),
    ("六本木通り", "primary", 30, true, Line((139.7105, 35.6600), (139.7240, 35.6600), (139.7318, 35.6627), (139.7390, 35.6665),
        (139.7432, 35.6712))),
    ("明治通り", "primary", 22, true, Line((139.7090, 35.6540), (139.7200, 35.6505), (139.7290, 35.6478), (139.7340, 35.6480),
        (139.7390, 35.6482))),
    ("海岸通り", "primary", 25, true, Line((139.7632, 35.6585), (139.7575, 35.6480), (139.7525, 35.6385), (139.7478, 35.6290),
        (139.7460, 35.6245))),
    ("青山通り（国道246号）", "trunk", 30, true, Line((139.7105, 35.6650), (139.7240, 35.6720), (139.7330, 35.6770), (139.7372, 35.6790))),
    ("日比谷通り", "primary", 25, false, Line((139.7540, 35.6690), (139.7520, 35.6600), (139.7490, 35.6520), (139.7465, 35.6470))),
    ("目黒通り", "secondary", 18, false, Line((139.7300, 35.6330), (139.7240, 35.6345), (139.7180, 35.6360))),
    ("台場中央通り（デモ）", "secondary", 20, false, Line((139.7695, 35.6256), (139.7705, 35.6265), (139.7745, 35.6300), (139.7790, 35.6300))),
};
var named = arterials.Select(a => (a.Name, a.Class, a.Width, a.Emergency, Geom: (Geometry)a.Line)).ToList();
var gridX = new List<double>();
var gridY = new List<double>();
for (var x = 139.7105; x < 139.783; x += 0.0040)
{
    gridX.Add(x);
    named.Add((null!, "residential", 6, false, Line((x, 35.62), (x, 35.685))));
}

for (var y = 35.6245; y < 35.683; y += 0.0030)
{
    gridY.Add(y);
    named.Add((null!, "residential", 6, false, Line((139.705, y), (139.785, y))));
}

// Node every line against every other (a routable network), keep the parts inside the ward, and give each segment
// the attributes of the most important line it lies on.
var clipped = named.Select(n => (n.Name, n.Class, n.Width, n.Emergency,
    Geom: n.Geom.Intersection(ward))).Where(n => !n.Geom.IsEmpty).ToList();
var noded = UnaryUnionOp.Union((Geometry)f.CreateGeometryCollection(clipped.Select(c => c.Geom).ToArray()));
var roadFeatures = new List<string>();
var segment = 0;
for (var i = 0; i < noded.NumGeometries; i++)
{
    var s = (LineString)noded.GetGeometryN(i);
    if (ToMetres(s).Length < 15)
    {
        continue; // slivers where a grid line grazes the coast
    }

    var mid = s.Factory.CreatePoint(s.GetCoordinateN(s.NumPoints / 2));
    var probe = s.NumPoints == 2 ? s.Centroid : mid;
    var owner = clipped.Where(c => c.Geom.Distance(probe) < 1e-7).OrderBy(c => c.Name is null ? 1 : 0).First();
    var id = $"demo-road-{++segment:D4}";
    roadFeatures.Add(Feature(id, s, new()
    {
        ["source_id"] = id, ["source"] = "demo", ["name"] = owner.Name, ["road_class"] = owner.Class, ["width_m"] = owner.Width,
        ["oneway"] = false, ["emergency_route"] = owner.Emergency, ["note"] = Note,
    }));
}

// Footpaths with a flight of steps on the slopes (坂と階段: what a wheelchair route must avoid): across one grid cell,
// corner to corner — footway, steps (about 100 m), footway — meeting the street grid only at the two corners, which
// are nodes of the network above (so every segment ends exactly on another's end).
// Each is put in the plain block nearest to its slope.
(string Name, double X, double Y)[] stairs =
[
    ("雁木坂（デモ）", 139.7368, 35.6587), ("狸穴坂の階段（デモ）", 139.7395, 35.6592), ("暗闇坂の階段（デモ）", 139.7318, 35.6545),
    ("綱坂の階段（デモ）", 139.7400, 35.6470), ("伊皿子坂の階段（デモ）", 139.7390, 35.6400), ("魚籃坂の階段（デモ）", 139.7365, 35.6420),
    ("三分坂の階段（デモ）", 139.7338, 35.6700), ("氷川坂の階段（デモ）", 139.7370, 35.6690), ("芝公園の園路（デモ）", 139.7480, 35.6570),
    ("有栖川宮記念公園の園路（デモ）", 139.7245, 35.6520),
];
var networkNodes = roadFeatures.Count;
var streets = UnaryUnionOp.Union((Geometry)f.CreateGeometryCollection(clipped.Select(c => c.Geom).ToArray()));
var usedCells = new HashSet<(int, int)>();
var stairCount = 0;
foreach (var (name, sx, sy) in stairs)
{
    // A plain block: inside the ward, streets on four sides, no other street through it (the diagonal meets the
    // network only at its two corners).
    var (column, row) = (from i in Enumerable.Range(0, gridX.Count - 1)
                         from j in Enumerable.Range(0, gridY.Count - 1)
                         where !usedCells.Contains((i, j))
                         let dx = ((gridX[i] + gridX[i + 1]) / 2 - sx) * Mx
                         let dy = ((gridY[j] + gridY[j + 1]) / 2 - sy) * My
                         orderby dx * dx + dy * dy
                         select (i, j)).First(c =>
                         {
                             var (p, q) = ((gridX[c.i], gridY[c.j]), (gridX[c.i + 1], gridY[c.j + 1]));
                             return ward.Covers(Poly(p, (q.Item1, p.Item2), q, (p.Item1, q.Item2), p))
                                 && streets.Intersection(Line(p, q)).NumPoints == 2;
                         });
    usedCells.Add((column, row));
    var (a, b) = ((gridX[column], gridY[row]), (gridX[column + 1], gridY[row + 1]));
    (double, double) At(double t) => (Math.Round(a.Item1 + (b.Item1 - a.Item1) * t, 6), Math.Round(a.Item2 + (b.Item2 - a.Item2) * t, 6));
    var parts = new (string Class, double Width, LineString Line)[]
    {
        ("footway", 2.5, Line(a, At(0.4))), ("steps", 2.0, Line(At(0.4), At(0.62))), ("footway", 2.5, Line(At(0.62), b)),
    };
    foreach (var (cls, width, line) in parts)
    {
        var id = $"demo-path-{++stairCount:D3}";
        roadFeatures.Add(Feature(id, line, new()
        {
            ["source_id"] = id, ["source"] = "demo", ["name"] = name, ["road_class"] = cls, ["width_m"] = width,
            ["oneway"] = false, ["emergency_route"] = false, ["note"] = Note,
        }));
    }
}

// ---------------------------------------------------------------- facilities (the evacuation sites and shelters are real: ../minato)
var aeds = new (string Name, double X, double Y)[]
{
    ("港区役所 1階（デモ）", 139.7516, 35.6580), ("麻布地区総合支所（デモ）", 139.7370, 35.6555), ("赤坂地区総合支所（デモ）", 139.7350, 35.6735),
    ("高輪地区総合支所（デモ）", 139.7350, 35.6370), ("芝浦港南地区総合支所（デモ）", 139.7500, 35.6410), ("田町駅前（デモ）", 139.7480, 35.6462),
    ("六本木交差点（デモ）", 139.7320, 35.6630), ("台場区民センター（デモ）", 139.7760, 35.6300), ("東京タワー前（デモ）", 139.7458, 35.6580),
};
var speakers = new (string Name, double X, double Y)[]
{
    ("子局 芝-01（デモ）", 139.7530, 35.6620), ("子局 芝-02（デモ）", 139.7470, 35.6540), ("子局 麻布-01（デモ）", 139.7300, 35.6540),
    ("子局 赤坂-01（デモ）", 139.7290, 35.6700), ("子局 高輪-01（デモ）", 139.7320, 35.6400), ("子局 芝浦-01（デモ）", 139.7510, 35.6380),
    ("子局 港南-01（デモ）", 139.7480, 35.6290), ("子局 台場-01（デモ）", 139.7750, 35.6290),
};
var aedFeatures = aeds.Select((a, i) => Feature($"demo-aed-{i + 1:D2}", Pt(a.X, a.Y), new()
{
    ["source_id"] = $"demo-aed-{i + 1:D2}", ["source"] = "demo", ["name"] = a.Name, ["note"] = Note,
})).ToList();
var speakerFeatures = speakers.Select((a, i) => Feature($"demo-speaker-{i + 1:D2}", Pt(a.X, a.Y), new()
{
    ["source_id"] = $"demo-speaker-{i + 1:D2}", ["source"] = "demo", ["name"] = a.Name, ["note"] = Note,
})).ToList();

// ---------------------------------------------------------------- hazard areas
var hazards = new List<(string Id, string Kind, int Rank, string Label, double? Min, double? Max, Geometry Geom)>();
void Hazard(string id, string kind, int rank, string label, double? min, double? max, Geometry g)
{
    var area = Clip(g);
    if (!area.IsEmpty)
    {
        hazards.Add((id, kind, rank, label, min, max, area));
    }
}

// 古川 (Furukawa) on its real course: the 渋谷川 at 渋谷橋 (Tokyo's gauge, just outside the ward), 天現寺橋, 四ノ橋 (the
// gauge of 東京都水防災総合情報システム), 古川橋, north through 三之橋 and 二之橋 to 一之橋, then east under the 首都高 past
// 赤羽橋, 芝園橋 and 金杉橋 to its mouth at 浜崎橋. River flood in three depth bands.
var furukawa = Line((139.71236, 35.64807), (139.7165, 35.6480), (139.7222, 35.6478), (139.7265, 35.6471), (139.73181, 35.64724),
    (139.7362, 35.6483), (139.7368, 35.6503), (139.7372, 35.6524), (139.7377, 35.6544), (139.7412, 35.6552), (139.7447, 35.6553),
    (139.7486, 35.6537), (139.7512, 35.6524), (139.7558, 35.6514), (139.7598, 35.6517), (139.7612, 35.6519));
var flood3 = Buffer(furukawa, 70);
var flood2 = Buffer(furukawa, 200).Difference(flood3);
var flood1 = Buffer(furukawa, 340).Difference(Buffer(furukawa, 200));
Hazard("demo-flood-furukawa-3", "flood", 3, "3.0–5.0 m", 3.0, 5.0, flood3);
Hazard("demo-flood-furukawa-2", "flood", 2, "0.5–3.0 m", 0.5, 3.0, flood2);
Hazard("demo-flood-furukawa-1", "flood", 1, "0.5 m未満", 0.0, 0.5, flood1);

// Inland (sewer) flooding in low spots.
Hazard("demo-inland-yonohashi", "inland_flood", 2, "0.5–1.0 m", 0.5, 1.0, Circle(139.7318, 35.6472, 230));
Hazard("demo-inland-juban", "inland_flood", 2, "0.5–1.0 m", 0.5, 1.0, Circle(139.7362, 35.6548, 200));
Hazard("demo-inland-shinbashi", "inland_flood", 1, "0.1–0.5 m", 0.1, 0.5, Circle(139.7565, 35.6655, 180));
Hazard("demo-inland-shirokane", "inland_flood", 1, "0.1–0.5 m", 0.1, 0.5, Circle(139.7250, 35.6440, 160));

// Storm surge and tsunami on the bay side of the real shoreline: the coast is the part of the ward's boundary east of
// 第一京浜 (the bay, the canals' mouths and Odaiba); bands by distance from it, and east of the JR line.
var eastOfJr = Poly((139.7583, 35.6672), (139.7545, 35.6570), (139.7476, 35.6457), (139.7403, 35.6285), (139.7390, 35.61), (139.79, 35.61),
    (139.79, 35.6672), (139.7583, 35.6672));
var eastOfKeihin = Poly((139.7600, 35.6720), (139.7583, 35.6672), (139.7545, 35.6570), (139.7465, 35.6470), (139.7400, 35.6380), (139.7388,
    35.61),
    (139.79, 35.61), (139.79, 35.6720), (139.7600, 35.6720));
var coast = ward.Boundary.Intersection(eastOfJr.Buffer(-0.0005));
var nearShore = Buffer(coast, 250);
var shoreBand = Buffer(coast, 120);
Hazard("demo-surge-3", "storm_surge", 3, "3.0–5.0 m", 3.0, 5.0, nearShore);
Hazard("demo-surge-2", "storm_surge", 2, "0.5–3.0 m", 0.5, 3.0, eastOfJr.Difference(nearShore));
Hazard("demo-surge-1", "storm_surge", 1, "0.5 m未満", 0.0, 0.5, eastOfKeihin.Difference(eastOfJr).Difference(nearShore));
Hazard("demo-tsunami-2", "tsunami", 2, "0.5–3.0 m", 0.5, 3.0, shoreBand);
Hazard("demo-tsunami-1", "tsunami", 1, "0.5 m未満", 0.0, 0.5, eastOfJr.Difference(shoreBand));

// Landslide warning zones (土砂災害警戒区域, rank 1) on the Azabu/Takanawa/Shiba slopes, with special zones (rank 2) inside some.
(string Id, double X, double Y, double W, double H)[] slopes =
[
    ("shibakoen", 139.7455, 35.6587, 180, 110), ("iikura", 139.7405, 35.6605, 150, 90), ("motoazabu", 139.7300, 35.6560, 170, 80),
    ("sakurada", 139.7350, 35.6500, 120, 70), ("shirokanedai", 139.7265, 35.6385, 160, 80), ("takanawa", 139.7355, 35.6340, 150, 90),
    ("akasaka", 139.7300, 35.6700, 130, 70),
];
foreach (var (id, x, y, w, h) in slopes)
{
    var zone = Pt(x, y);
    var rect = ToDegrees(f.CreatePolygon([
        new((x - Lon0) * Mx - w, (y - Lat0) * My - h), new((x - Lon0) * Mx + w, (y - Lat0) * My - h), new((x - Lon0) * Mx + w,
            (y - Lat0) * My + h),
        new((x - Lon0) * Mx - w, (y - Lat0) * My + h), new((x - Lon0) * Mx - w, (y - Lat0) * My - h)]));
    Hazard($"demo-landslide-{id}", "landslide", 1, "土砂災害警戒区域", null, null, rect);
    if (id is "iikura" or "shirokanedai")
    {
        Hazard($"demo-landslide-{id}-special", "landslide", 2, "土砂災害特別警戒区域", null, null, Buffer(zone, 35));
    }
}

// Liquefaction: reclaimed land high (3), the old shoreline and river valleys medium (2), the rest of Shiba low (1).
var reclaimed = regions["shibaura-konan"];
var valley = Buffer(furukawa, 300).Difference(reclaimed);
var oldShore = eastOfKeihin.Difference(reclaimed).Difference(valley);
Hazard("demo-liquefaction-3", "liquefaction", 3, "PL値 15超（高い）", null, null, reclaimed);
Hazard("demo-liquefaction-2", "liquefaction", 2, "PL値 5–15（やや高い）", null, null, valley.Union(oldShore));
Hazard("demo-liquefaction-1", "liquefaction", 1, "PL値 0–5（低い）", null, null,
    regions["shiba"].Difference(reclaimed).Difference(valley).Difference(oldShore));

var hazardFeatures = hazards.Select(h => Feature(h.Id, h.Geom, new()
{
    ["source_id"] = h.Id, ["source"] = "demo", ["kind"] = h.Kind, ["rank"] = h.Rank, ["rank_label"] = h.Label,
    ["depth_min_m"] = h.Min, ["depth_max_m"] = h.Max, ["valid_from"] = "2025-04-01", ["note"] = Note,
})).ToList();

// ---------------------------------------------------------------- borings (CSV, one row per layer)
var borings = new (string Id, string Name, double X, double Y, double Elevation, string Date, (double Bottom, string Soil,
    int? N)[] Layers)[]
{
    ("DEMO-B01", "芝浦 埋立地（デモ）", 139.7490, 35.6405, 2.6, "2019-07-10",
        [(3.0, "埋土", 4), (9.0, "シルト（有楽町層）", 1), (15.0, "細砂（有楽町層）", 8), (22.0, "粘土（七号地層）", 3), (30.0, "砂礫（東京礫層）", 60)]),
    ("DEMO-B02", "麻布 台地（デモ）", 139.7330, 35.6580, 28.4, "2016-11-02",
        [(1.0, "表土", null), (6.0, "関東ローム", 4), (10.0, "凝灰質粘土", 9), (16.0, "細砂（東京層）", 35), (20.0, "砂礫（東京礫層）", 62)]),
    ("DEMO-B03", "古川 四ノ橋付近（デモ）", 139.7298, 35.6487, 5.1, "2021-03-18",
        [(2.0, "盛土", 3), (12.0, "腐植土混じり粘土（沖積層）", 1), (16.0, "砂質シルト", 6), (25.0, "砂礫（東京礫層）", 55)]),
    ("DEMO-B04", "台場（デモ）", 139.7750, 35.6295, 4.0, "2012-09-05",
        [(5.0, "埋土（浚渫土）", 2), (18.0, "軟弱粘土（有楽町層）", 1), (28.0, "砂（七号地層）", 14), (40.0, "砂礫（東京礫層）", 58)]),
    ("DEMO-B05", "東京タワー付近（デモ）", 139.7450, 35.6583, 18.0, "2018-05-22",
        [(1.5, "表土", null), (5.0, "関東ローム", 5), (9.0, "凝灰質粘土", 11), (14.0, "砂礫（東京礫層）", 55)]),
};
var csv = new StringBuilder("boring_id,name,lon,lat,ground_elevation_m,total_depth_m,drilled_on,top_m,bottom_m,soil_name,spt_n\n");
foreach (var b in borings)
{
    Require(Pt(b.X, b.Y), b.Id);
    var top = 0.0;
    foreach (var (bottom, soil, n) in b.Layers)
    {
        csv.Append(CultureInfo.InvariantCulture,
            $"{b.Id},{b.Name},{b.X},{b.Y},{b.Elevation},{b.Layers[^1].Bottom},{b.Date},{top},{bottom},{soil},{n}\n");
        top = bottom;
    }
}

// ---------------------------------------------------------------- write
Write("districts.geojson", districts.Select(d => Feature(d.Key, d.Value, new() { ["id"] = d.Key, ["source"] = "demo",
    ["note"] = Note })).ToList());
Write("roads.geojson", roadFeatures);
Write("aeds.geojson", aedFeatures);
Write("loudspeakers.geojson", speakerFeatures);
Write("hazard-areas.geojson", hazardFeatures);
File.WriteAllText(Path.Combine(outDir, "borings.csv"), csv.ToString(), new UTF8Encoding(false));
Console.WriteLine($"districts {districts.Count}, roads {roadFeatures.Count} ({networkNodes} streets, {stairCount} footway and steps), " +
                  $"aeds {aedFeatures.Count}, loudspeakers {speakerFeatures.Count}, hazard areas {hazardFeatures.Count}, " +
                  $"borings {borings.Length}");
return 0;

// ---------------------------------------------------------------- helpers
Point Pt(double x, double y) => f.CreatePoint(new Coordinate(x, y));

MultiPolygon ReadWard(string path)
{
    using var doc = JsonDocument.Parse(File.ReadAllText(path));
    var parts = new List<Geometry>();
    foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
    {
        var rings = feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .Select(r => f.CreateLinearRing(r.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray()))
            .ToArray();
        parts.Add(f.CreatePolygon(rings[0], rings[1..]));
    }

    var union = UnaryUnionOp.Union(parts);
    return union as MultiPolygon ?? f.CreateMultiPolygon([(Polygon)union]);
}

Geometry Clip(Geometry g)
{
    var c = g.Intersection(ward);
    var polygons = Enumerable.Range(0, c.NumGeometries).Select(c.GetGeometryN).OfType<Polygon>()
        .Where(p => ToMetres(p).Area > 400).ToArray(); // drop slivers under 20 m × 20 m
    var mp = f.CreateMultiPolygon(polygons.Select(p => (Polygon)f.CreateGeometry(p)).ToArray());
    if (!mp.IsEmpty)
    {
        Require(mp, "clipped area");
    }

    return mp;
}

void Require(Geometry g, string what)
{
    if (GeometryChecks.Check(g) is { } problem)
    {
        throw new InvalidOperationException($"{what}: {problem}");
    }

    if (!wardCover.Covers(g))
    {
        throw new InvalidOperationException($"{what} is not inside the ward");
    }
}

string Feature(string id, Geometry g, Dictionary<string, object?> properties)
{
    Require(g, id);
    var sb = new StringBuilder();
    sb.Append("{\"type\":\"Feature\",\"id\":").Append(JsonSerializer.Serialize(id)).Append(",\"properties\":")
        .Append(JsonSerializer.Serialize(properties, JsonOptions.Value)).Append(",\"geometry\":").Append(GeometryJson(g)).Append('}');
    return sb.ToString();
}

void Write(string name, List<string> features)
{
    var text = "{\"type\":\"FeatureCollection\",\"name\":" + JsonSerializer.Serialize(Path.GetFileNameWithoutExtension(name)) +
               ",\"features\":[\n" + string.Join(",\n", features) + "\n]}\n";
    File.WriteAllText(Path.Combine(outDir, name), text, new UTF8Encoding(false));
}

static string GeometryJson(Geometry g)
{
    static string Pos(Coordinate c) => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(c.X, 6)},{Math.Round(c.Y, 6)}]");
    static string Ring(LineString r) => "[" + string.Join(",", r.Coordinates.Select(Pos)) + "]";
    static string PolygonJson(Polygon p) => "[" + string.Join(",",
        new[] { Ring(p.ExteriorRing) }.Concat(p.InteriorRings.Select(Ring))) + "]";
    return g switch
    {
        Point p => $"{{\"type\":\"Point\",\"coordinates\":{Pos(p.Coordinate)}}}",
        LineString l => $"{{\"type\":\"LineString\",\"coordinates\":{Ring(l)}}}",
        Polygon p => $"{{\"type\":\"MultiPolygon\",\"coordinates\":[{PolygonJson(p)}]}}",
        MultiPolygon m => $"{{\"type\":\"MultiPolygon\",\"coordinates\":[{string.Join(",",
            Enumerable.Range(0, m.NumGeometries).Select(i => PolygonJson((Polygon)m.GetGeometryN(i))))}]}}",
        _ => throw new InvalidOperationException("unexpected " + g.GeometryType),
    };
}

/// <summary>Rewrites every coordinate of a geometry (used for the local metric frame).</summary>
internal sealed class CoordinateFilter(Func<Coordinate, Coordinate> map) : ICoordinateSequenceFilter
{
    public bool Done => false;

    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq, int i)
    {
        var c = map(seq.GetCoordinate(i));
        seq.SetX(i, c.X);
        seq.SetY(i, c.Y);
    }
}

/// <summary>Compact JSON with readable Japanese (no \u escapes) and nulls left out.</summary>
internal static class JsonOptions
{
    public static JsonSerializerOptions Value { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
