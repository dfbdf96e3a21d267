/* geo.h - geodesy on a sphere, the port/area gazetteer with its grid index, and its loaders. */
#ifndef VIGIL_GEO_H
#define VIGIL_GEO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Earth model: a sphere of the IUGG mean radius R1 = 6371.0088 km. Distances
 * are great-circle (haversine); the error against the WGS 84 ellipsoid is at
 * most about 0.5 %, far below AIS position noise at the distances we judge
 * (0.5 km meetings, 10 km port exclusion, 20 nm shore distance).
 * All angles are degrees, latitude north positive, longitude east positive.
 */
#define VIGIL_GEO_EARTH_KM 6371.0088
#define VIGIL_GEO_NM_KM 1.852

/* Great-circle distance in km. Pure function. */
double vigil_geo_dist_km(double lat1, double lon1, double lat2, double lon2);

/* Initial bearing from point 1 to point 2, degrees true in [0, 360). 0 when the points coincide. */
double vigil_geo_bearing(double lat1, double lon1, double lat2, double lon2);

/* Point reached from (lat, lon) going dist_km along initial bearing bearing_deg; lon in [-180, 180). */
void vigil_geo_dest(double lat, double lon, double bearing_deg, double dist_km,
		    double *lat2, double *lon2);

/*
 * Bounding boxes in degrees. Boxes do not cross the antimeridian: a GeoJSON
 * area that does must be split into two polygons (RFC 7946 section 3.1.9).
 */
struct vigil_bbox {
	double min_lat, min_lon, max_lat, max_lon;
};

/* An empty box (min > max) that vigil_bbox_extend grows. */
void vigil_bbox_empty(struct vigil_bbox *b);
void vigil_bbox_extend(struct vigil_bbox *b, double lat, double lon);
/* Box around a point that contains every point within km of it (clamped at the poles and at +-180). */
void vigil_bbox_around(struct vigil_bbox *b, double lat, double lon, double km);
/* 1 when the point is inside or on the edge of b. */
int vigil_bbox_contains(const struct vigil_bbox *b, double lat, double lon);

/* A vertex: latitude, longitude (note the order; GeoJSON files are lon, lat). */
struct vigil_geo_pt {
	double lat, lon;
};

/*
 * Even-odd point-in-ring test on a closed ring of n vertices (the closing
 * vertex may or may not repeat the first). Edges are straight in lat/lon
 * (as GeoJSON defines them). Returns 1 inside, 0 outside; a point exactly on
 * an edge is inside for the lower/left edges and outside for the upper/right
 * ones (half-open rule), so two areas sharing an edge never both claim it.
 */
int vigil_geo_ring_contains(const struct vigil_geo_pt *ring, size_t n, double lat, double lon);

/* Kinds of places and areas. */
enum vigil_geo_kind {
	VIGIL_GEO_PORT,        /* a commercial or military port */
	VIGIL_GEO_ANCHORAGE,   /* an anchorage (GFW anchorage point, or a polygon) */
	VIGIL_GEO_STS_HOTSPOT, /* known ship-to-ship transfer area */
	VIGIL_GEO_AOI,         /* other area of interest */
	VIGIL_GEO_CORRIDOR,    /* transit corridor (e.g. Rajin - Peter the Great Gulf) */
	VIGIL_GEO_USER,        /* user area whose file named no kind */
	VIGIL_GEO__NKINDS
};
#define VIGIL_GEO_KIND_BIT(k) (1u << (k))
/* Ports and anchorages: the "stay away from" set of encounters and loitering. */
#define VIGIL_GEO_PORTLIKE (VIGIL_GEO_KIND_BIT(VIGIL_GEO_PORT) | VIGIL_GEO_KIND_BIT(VIGIL_GEO_ANCHORAGE))
/*
 * Where encounters and loitering are reported even near shore: hotspots,
 * areas of interest and user areas. Corridors are not in it (the Rajin -
 * Peter the Great Gulf corridor holds busy Russian ports); gap reachability
 * uses them through VIGIL_GEO_ALLKINDS.
 */
#define VIGIL_GEO_INTEREST (VIGIL_GEO_KIND_BIT(VIGIL_GEO_STS_HOTSPOT) | VIGIL_GEO_KIND_BIT(VIGIL_GEO_AOI) | \
			    VIGIL_GEO_KIND_BIT(VIGIL_GEO_USER))
#define VIGIL_GEO_ALLKINDS ((1u << VIGIL_GEO__NKINDS) - 1)

/* "port", "anchorage", "sts_hotspot", "aoi", "corridor", "user"; never NULL. */
const char *vigil_geo_kind_name(int kind);
/* Parse a kind name (case-insensitive; also "sts", "hotspot", "area of interest"...); -1 if unknown. */
int vigil_geo_kind_parse(const char *s);

/* Caps: every table input can grow is bounded; loaders stop with VIGIL_E_FULL. */
#define VIGIL_GEO_MAX_PLACES 262144   /* ports and anchorage points */
#define VIGIL_GEO_MAX_AREAS 4096
#define VIGIL_GEO_MAX_RINGS 65536     /* all rings of all areas */
#define VIGIL_GEO_MAX_VERTS 2000000   /* all vertices of all areas */
#define VIGIL_GEO_MAX_RING_VERTS 200000
#define VIGIL_GEO_MAX_SOURCES 1024
#define VIGIL_GEO_MAX_RADIUS_KM 100.0 /* a place radius beyond this is refused */

/* A port or anchorage point with its radius. */
struct vigil_geo_place {
	double lat, lon;
	float radius_km;  /* "in port" when within this distance of the point */
	uint8_t kind;     /* VIGIL_GEO_PORT or VIGIL_GEO_ANCHORAGE */
	char country[4];  /* ISO 3166-1 alpha-3 ("PRK"), "" when unknown */
	char id[32];      /* e.g. "PRK-RAJIN"; loaders make one when the file has none */
	char name[48];    /* UTF-8, truncated to fit */
	uint16_t source;  /* index for vigil_geo_source() */
};

/* An area: a circle (radius_km > 0, no rings) or a (multi)polygon with holes. */
struct vigil_geo_area {
	struct vigil_bbox bbox;
	double lat, lon;     /* circle centre, or a representative point (bbox centre) */
	float radius_km;     /* > 0: circle area, rings unused */
	uint8_t kind;
	char country[4];
	char id[48];
	char name[96];
	uint16_t source;
	uint32_t first_ring, nrings; /* into g->rings; polygon starts are flagged there */
};

/* A ring of an area: vertices [first, first + n) of g->verts; outer rings start a polygon. */
struct vigil_geo_ring {
	uint32_t first, n;
	uint8_t outer;       /* 1: exterior ring (starts a new polygon), 0: hole of the last exterior */
};

struct vigil__geo_index;

/*
 * The gazetteer. Caller-owned struct; its tables are malloc'd by the add and
 * load functions and freed by vigil_geo_release. Read-only queries are safe
 * from several threads once vigil_geo_index has run.
 */
struct vigil_geo {
	struct vigil_geo_place *places;
	size_t nplaces, cap_places;
	struct vigil_geo_area *areas;
	size_t nareas, cap_areas;
	struct vigil_geo_ring *rings;
	size_t nrings, cap_rings;
	struct vigil_geo_pt *verts;
	size_t nverts, cap_verts;
	char **sources;          /* deduplicated source strings */
	size_t nsources;
	struct vigil__geo_index *ix; /* NULL until vigil_geo_index; cleared by every add */
	double reach_km;         /* index reach (see vigil_geo_index) */
	double max_radius_km;    /* largest place radius */
};

void vigil_geo_init(struct vigil_geo *g);
/* Free everything g owns; g may be init'ed again. */
void vigil_geo_release(struct vigil_geo *g);

/*
 * Intern a source description ("vigil data/geo/ports.csv: WPI via GFW...").
 * Returns its index, or -1 when the table is full or out of memory. g owns the copy.
 */
int vigil_geo_source_add(struct vigil_geo *g, const char *src);
/* Source string of index i; "" when out of range. Owned by g. */
const char *vigil_geo_source(const struct vigil_geo *g, unsigned i);

/* Copy *p into g (VIGIL_E_RANGE for bad lat/lon/radius, VIGIL_E_FULL at the cap). Drops the index. */
int vigil_geo_add_place(struct vigil_geo *g, const struct vigil_geo_place *p);

/*
 * Add an area: *a gives kind, names, source and (for circles) lat, lon and
 * radius_km; for polygons, rings[0..nrings) point into pts (each ring's first
 * is an offset into pts, outer flags as in struct vigil_geo_ring). g copies
 * everything and computes the bbox. VIGIL_E_RANGE, VIGIL_E_FULL, VIGIL_E_INVAL
 * (no ring, a ring of < 3 distinct vertices, a hole before any outer ring).
 */
int vigil_geo_add_area(struct vigil_geo *g, const struct vigil_geo_area *a,
		       const struct vigil_geo_ring *rings, size_t nrings,
		       const struct vigil_geo_pt *pts, size_t npts);

/*
 * Build the grid index (0.1 degree cells, hashed). Each place is filed under
 * every cell within max(radius_km + 2, reach_km) of it, each area under
 * every cell its bbox touches (with cells wholly inside a polygon marked so
 * that they need no point-in-polygon test); a second level of 0.5 degree
 * cells files places within max(50, reach_km) km. reach_km is the distance
 * up to which nearest-place queries cost one cell look-up (use 10 for the
 * encounter rule); up to 50 km they cost two; larger queries still work,
 * looking up more cells.
 * Call after the last add; queries before it fall back to a linear scan.
 * Returns VIGIL_E_OK or VIGIL_E_NOMEM (then the linear scan stays in force).
 */
int vigil_geo_index(struct vigil_geo *g, double reach_km);

/* A query result: a place or area index and the distance in km. */
struct vigil_geo_hit {
	uint32_t index;
	uint8_t is_area;  /* 1: g->areas[index], 0: g->places[index] */
	double km;        /* to the place's point; 0 for an area containing the point */
};

/*
 * Nearest place of a kind in `kinds` (bit mask of VIGIL_GEO_KIND_BIT) within
 * max_km of (lat, lon), by distance to its point. Polygon areas of those
 * kinds that contain the point count at distance 0. Returns 1 and fills *hit
 * (if not NULL), or 0 when there is none. Nothing allocated.
 * Encounters: vigil_geo_nearest(g, lat, lon, 10.0, VIGIL_GEO_PORTLIKE, NULL).
 */
int vigil_geo_nearest(const struct vigil_geo *g, double lat, double lon, double max_km,
		      unsigned kinds, struct vigil_geo_hit *hit);

/*
 * Every place whose circle grown by extra_km contains the point and every
 * area of a kind in `kinds` with vigil_geo_area_km <= extra_km (extra_km is
 * clamped to [0, 50]): places nearest first, then areas. Writes at most cap
 * hits into the caller's out and returns how many exist (may exceed cap).
 * extra_km = 0 is "inside"; the visit detector uses its exit margin.
 */
size_t vigil_geo_within(const struct vigil_geo *g, double lat, double lon, double extra_km,
			unsigned kinds, struct vigil_geo_hit *out, size_t cap);

/*
 * vigil_geo_within with a memo the caller keeps per moving object (one
 * uint32_t, 0 at first): when the previous query of that object fell in an
 * index cell holding nothing (most positions at sea), a query in the same cell
 * returns 0 without a table look-up. The results are those of
 * vigil_geo_within. The memo belongs to one index of one g: set it to 0 after
 * vigil_geo_index runs again. Caller owns *memo; NULL means no memo.
 */
size_t vigil_geo_within_memo(const struct vigil_geo *g, double lat, double lon, double extra_km,
			     unsigned kinds, struct vigil_geo_hit *out, size_t cap, uint32_t *memo);

/* 1 when the point lies inside area i (circle or polygon with holes), 0 otherwise. */
int vigil_geo_area_contains(const struct vigil_geo *g, size_t i, double lat, double lon);

/*
 * Distance in km from the point to area i: 0 inside, else the great-circle
 * distance to its circle or to the nearest polygon edge (edges measured in
 * a local flat projection; good to < 0.5 % within 200 km). Used for the
 * visit exit margin.
 */
double vigil_geo_area_km(const struct vigil_geo *g, size_t i, double lat, double lon);

/* 1 when the point is in an area of interest (VIGIL_GEO_INTEREST kinds): the "report even near shore" test. */
int vigil_geo_in_interest(const struct vigil_geo *g, double lat, double lon);

/* ---- loaders: whole file in a caller buffer, nothing kept pointing into it ---- */

/* Where and why a load failed, and what it skipped. Caller-owned. */
struct vigil_geo_loadinfo {
	const char *file;   /* set by the caller: name used in messages and sources */
	unsigned line;      /* 1-based line of the error (CSV), or of the byte offset (JSON) */
	size_t byte;        /* byte offset of the error */
	char msg[200];      /* "ports.csv:12: latitude 95 out of range" style detail */
	unsigned added;     /* places or areas added */
	unsigned skipped;   /* rows or features skipped as bad (counted, not fatal) */
	char first_skip[200]; /* message of the first skipped row, "" if none */
};

/* Largest file the loaders accept (VIGIL_E_TOOBIG beyond). */
#define VIGIL_GEO_MAX_FILE (256u << 20)

/*
 * CSV of points with a header line (comma separated, RFC 4180 quotes, '#'
 * comment lines). Columns are found by name, case-insensitive:
 *   latitude|lat, longitude|lon|lng (required);
 *   name|label|main port name|port_name; sublabel; id|s2id;
 *   iso3|country|country code; radius_km; kind; source.
 * This reads vigil's data/geo CSV files, GFW's WPI_ports.csv and anchorage CSVs
 * (s2id,latitude,longitude,label,sublabel,iso3) and NGA World Port Index CSV
 * exports. Rows without kind get default_kind (PORT or ANCHORAGE), rows
 * without radius get default_radius_km. Areas kinds in a kind column
 * (sts_hotspot, aoi...) become circle areas. A row-level problem is counted
 * in info->skipped; a missing required column, a cap or NOMEM is an error
 * with info->line and info->msg set.
 */
int vigil_geo_load_csv(struct vigil_geo *g, const char *buf, size_t len, int default_kind,
		       double default_radius_km, struct vigil_geo_loadinfo *info);

/*
 * GeoJSON FeatureCollection (or one Feature). Polygon and MultiPolygon
 * features become areas; Point features become places (kind port or
 * anchorage) or circle areas (other kinds), with "radius_km" from the
 * properties. Properties read: id, name, kind, iso3|country, radius_km, source.
 * A feature without kind gets default_kind. Token use is bounded by
 * VIGIL_GEO_MAX_TOKENS; bad features are counted and skipped.
 */
#define VIGIL_GEO_MAX_TOKENS (4u << 20)
int vigil_geo_load_geojson(struct vigil_geo *g, const char *buf, size_t len, int default_kind,
			   struct vigil_geo_loadinfo *info);

/* ---- distance to shore ---- */

/*
 * A read-only view over the shoreline blob that tools/shoregen makes at build
 * time from Natural Earth 1:10m land (npm world-atlas, land-10m.json): all
 * coastline segments filed in a 0.25 degree grid, with per-cell land/sea
 * state and the distance from each cell centre to the coast (see
 * docs/geography.md). The caller owns the buffer (8-byte aligned, e.g. from
 * malloc) and keeps it alive while the view is used; nothing is copied.
 */
struct vigil_shore {
	const unsigned char *buf;
	size_t len;
	uint32_t ncols, nrows, nsegs, npts;
	double cell_deg;
	const uint32_t *cell_start;  /* ncells + 1 offsets into seg_ix */
	const uint16_t *cell_dist;   /* cell centre to coast, units of 0.1 km (capped) */
	const uint8_t *cell_state;   /* 0 sea, 1 land, 2 mixed (has coastline) */
	const uint32_t *seg_ix;      /* segment start vertex indices */
	const int32_t *pts;          /* vertex lon, lat in 1e-6 degrees, npts pairs */
};

/* Check and map a blob. VIGIL_E_FORMAT (bad magic or version), VIGIL_E_LENGTH, VIGIL_E_INVAL. */
int vigil_shore_open(struct vigil_shore *s, const void *buf, size_t len);

/*
 * Distance in km from the point to the nearest coastline (always >= 0, on
 * land too). Exact to the dataset (itself good to a few hundred metres) within
 * VIGIL_SHORE_EXACT_KM of the coast; beyond, within half a cell diagonal
 * (<= 20 km) of the truth and never below VIGIL_SHORE_EXACT_KM.
 * Returns NAN ("unknown") when s is NULL or not opened, or lat/lon are not
 * finite: callers must treat NAN explicitly (isnan), e.g. loitering says
 * "shore distance unknown" rather than assuming far from shore.
 */
#define VIGIL_SHORE_EXACT_KM 100.0
double vigil_shore_km(const struct vigil_shore *s, double lat, double lon);

/* 1 on land, 0 at sea, -1 unknown (no dataset, bad coordinates). */
int vigil_shore_land(const struct vigil_shore *s, double lat, double lon);

/* Blob file name, looked for in the build dir and in $(DATADIR) (see docs/geography.md). */
#define VIGIL_SHORE_FILE "shore.bin"

#endif
