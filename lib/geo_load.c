/* geo_load.c - gazetteer loaders: header-driven point CSV (vigil, WPI, GFW anchorages) and GeoJSON areas. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigil/error.h"
#include "vigil/geo.h"
#include "vigil/json.h"

#define MAX_FIELDS 64
#define MAX_ROW 8192

static const char *fname(const struct vigil_geo_loadinfo *in)
{
	return in->file ? in->file : "(input)";
}

/* Fatal error: message "file:line: ..." in info. */
static int fail(struct vigil_geo_loadinfo *in, int code, const char *fmt, ...)
{
	char m[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	snprintf(in->msg, sizeof(in->msg), "%s:%u: %s", fname(in), in->line, m);
	return code;
}

/* A row or feature skipped: counted, and the first one remembered. */
static void skip(struct vigil_geo_loadinfo *in, unsigned line, const char *fmt, ...)
{
	char m[160];
	va_list ap;

	in->skipped++;
	if (in->first_skip[0])
		return;
	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	snprintf(in->first_skip, sizeof(in->first_skip), "%s:%u: %s", fname(in), line, m);
}

static void copy_trunc(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap) {
		n = cap - 1;
		/* Do not cut a UTF-8 sequence in half. */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* Whole-string number; 0 on success. */
static int parse_num(const char *s, double *out)
{
	char *end;
	double v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return -1;
	v = strtod(s, &end);
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	if (*end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int intern(struct vigil_geo *g, const struct vigil_geo_loadinfo *in, const char *src)
{
	char buf[600];
	int i;

	if (src && *src)
		snprintf(buf, sizeof(buf), "%s: %s", fname(in), src);
	else
		snprintf(buf, sizeof(buf), "%s", fname(in));
	i = vigil_geo_source_add(g, buf);
	if (i < 0)
		i = vigil_geo_source_add(g, fname(in));
	return i < 0 ? 0 : i;
}

/* ---------------- CSV ---------------- */

enum col { C_LAT, C_LON, C_NAME, C_SUB, C_ID, C_ISO, C_RADIUS, C_KIND, C_SOURCE, C__N };

static int col_role(const char *h)
{
	static const struct { const char *name; int role; } names[] = {
		{ "latitude", C_LAT }, { "lat", C_LAT }, { "latitude_dd", C_LAT },
		{ "longitude", C_LON }, { "lon", C_LON }, { "lng", C_LON }, { "long", C_LON }, { "longitude_dd", C_LON },
		{ "name", C_NAME }, { "label", C_NAME }, { "main port name", C_NAME }, { "port_name", C_NAME },
		{ "port name", C_NAME },
		{ "sublabel", C_SUB },
		{ "id", C_ID }, { "s2id", C_ID }, { "world port index number", C_ID }, { "index_no", C_ID },
		{ "iso3", C_ISO }, { "country", C_ISO }, { "country code", C_ISO }, { "iso", C_ISO },
		{ "radius_km", C_RADIUS },
		{ "kind", C_KIND },
		{ "source", C_SOURCE },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(h, names[i].name) == 0)
			return names[i].role;
	return -1;
}

/*
 * Split one CSV record starting at *pos into fields (NUL-terminated inside
 * row[]). Advances *pos past the record and *line by the newlines consumed.
 * Returns the number of fields, 0 for a blank line, -1 for a record too long
 * or with too many fields (skipped whole), -2 for an unterminated quote.
 */
static int csv_record(const char *b, size_t len, size_t *pos, unsigned *line, char *row,
		      char **f)
{
	size_t p = *pos, o = 0;
	int nf = 0, bad = 0, quoted = 0, any = 0;

	f[0] = row;
	while (p < len) {
		char c = b[p];

		if (quoted) {
			if (c == '"') {
				if (p + 1 < len && b[p + 1] == '"') {
					p++;
				} else {
					quoted = 0;
					p++;
					continue;
				}
			} else if (c == '\n') {
				(*line)++;
			}
		} else if (c == '"') {
			quoted = 1;
			any = 1;
			p++;
			continue;
		} else if (c == ',') {
			if (o < MAX_ROW - 1)
				row[o++] = 0;
			else
				bad = 1;
			if (++nf >= MAX_FIELDS)
				bad = 1;
			else
				f[nf] = row + o;
			any = 1;
			p++;
			continue;
		} else if (c == '\n' || c == '\r') {
			break;
		}
		if (o < MAX_ROW - 1)
			row[o++] = c;
		else
			bad = 1;
		any = 1;
		p++;
	}
	row[o] = 0;
	if (p < len && b[p] == '\r')
		p++;
	if (p < len && b[p] == '\n')
		p++;
	(*line)++;
	*pos = p;
	if (quoted)
		return -2;
	if (bad)
		return -1;
	return any ? nf + 1 : 0;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	while (isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
}

int vigil_geo_load_csv(struct vigil_geo *g, const char *buf, size_t len, int default_kind,
		       double default_radius_km, struct vigil_geo_loadinfo *in)
{
	int role[MAX_FIELDS], have[C__N];
	char *row, *f[MAX_FIELDS];
	size_t pos = 0;
	unsigned line = 0;
	int nf, i, rc = VIGIL_E_OK, header = 0;

	in->line = 0;
	in->byte = 0;
	in->msg[0] = 0;
	if (default_kind < 0 || default_kind >= VIGIL_GEO__NKINDS)
		default_kind = VIGIL_GEO_PORT;
	if (len > VIGIL_GEO_MAX_FILE)
		return fail(in, VIGIL_E_TOOBIG, "file larger than %u bytes", VIGIL_GEO_MAX_FILE);
	if (!(default_radius_km >= 0) || default_radius_km > VIGIL_GEO_MAX_RADIUS_KM)
		return fail(in, VIGIL_E_RANGE, "default radius out of range");
	row = malloc(MAX_ROW);
	if (!row)
		return fail(in, VIGIL_E_NOMEM, "out of memory");
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (i = 0; i < C__N; i++)
		have[i] = -1;
	while (pos < len) {
		size_t start = pos;
		unsigned rline = line + 1;
		struct vigil_geo_place p;
		const char *v[C__N];
		double lat, lon, radius;
		int kind;

		nf = csv_record(buf, len, &pos, &line, row, f);
		in->line = rline;
		in->byte = start;
		if (nf == 0 || (nf > 0 && f[0][0] == '#'))
			continue;
		if (nf == -2) {
			if (!header) {
				rc = fail(in, VIGIL_E_CSV, "unterminated quote in header");
				break;
			}
			skip(in, rline, "unterminated quote");
			continue;
		}
		if (nf < 0) {
			if (!header) {
				rc = fail(in, VIGIL_E_CSV, "header too long");
				break;
			}
			skip(in, rline, "record longer than %d bytes or %d fields", MAX_ROW, MAX_FIELDS);
			continue;
		}
		if (!header) {
			for (i = 0; i < nf; i++) {
				trim(f[i]);
				role[i] = col_role(f[i]);
				if (role[i] >= 0 && have[role[i]] < 0)
					have[role[i]] = i;
				else
					role[i] = -1;
			}
			if (have[C_LAT] < 0 || have[C_LON] < 0) {
				rc = fail(in, VIGIL_E_CSV, "header has no latitude/longitude column");
				break;
			}
			header = 1;
			continue;
		}
		for (i = 0; i < C__N; i++)
			v[i] = have[i] >= 0 && have[i] < nf ? f[have[i]] : "";
		for (i = 0; i < nf; i++)
			trim(f[i]);
		if (parse_num(v[C_LAT], &lat) || parse_num(v[C_LON], &lon) ||
		    lat < -90 || lat > 90 || lon < -180 || lon > 180) {
			skip(in, rline, "bad latitude/longitude '%.40s' '%.40s'", v[C_LAT], v[C_LON]);
			continue;
		}
		radius = default_radius_km;
		if (*v[C_RADIUS] && (parse_num(v[C_RADIUS], &radius) || radius < 0 ||
				     radius > VIGIL_GEO_MAX_RADIUS_KM)) {
			skip(in, rline, "bad radius_km '%.40s'", v[C_RADIUS]);
			continue;
		}
		kind = default_kind;
		if (*v[C_KIND] && (kind = vigil_geo_kind_parse(v[C_KIND])) < 0) {
			skip(in, rline, "unknown kind '%.40s'", v[C_KIND]);
			continue;
		}
		memset(&p, 0, sizeof(p));
		p.lat = lat;
		p.lon = lon;
		p.radius_km = (float)radius;
		p.kind = (uint8_t)kind;
		/* Only codes: NGA's "Country Code" column holds names ("Japan"). */
		if (strlen(v[C_ISO]) <= 3 && strspn(v[C_ISO], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(v[C_ISO]))
			copy_trunc(p.country, sizeof(p.country), v[C_ISO]);
		copy_trunc(p.name, sizeof(p.name), *v[C_NAME] ? v[C_NAME] : v[C_SUB]);
		if (*v[C_ID])
			copy_trunc(p.id, sizeof(p.id), v[C_ID]);
		else
			snprintf(p.id, sizeof(p.id), "L%u", rline);
		p.source = (uint16_t)intern(g, in, v[C_SOURCE]);
		if (kind == VIGIL_GEO_PORT || kind == VIGIL_GEO_ANCHORAGE) {
			rc = vigil_geo_add_place(g, &p);
		} else {
			struct vigil_geo_area a;
			memset(&a, 0, sizeof(a));
			a.lat = lat;
			a.lon = lon;
			a.radius_km = (float)(radius > 0 ? radius : 1.0);
			a.kind = (uint8_t)kind;
			a.source = p.source;
			memcpy(a.country, p.country, sizeof(a.country));
			copy_trunc(a.id, sizeof(a.id), p.id);
			copy_trunc(a.name, sizeof(a.name), *v[C_NAME] ? v[C_NAME] : p.id);
			rc = vigil_geo_add_area(g, &a, NULL, 0, NULL, 0);
		}
		if (rc == VIGIL_E_RANGE || rc == VIGIL_E_INVAL) {
			skip(in, rline, "%s", vigil_strerror(rc));
			rc = VIGIL_E_OK;
			continue;
		}
		if (rc) {
			fail(in, rc, "%s (after %u entries)", vigil_strerror(rc), in->added);
			break;
		}
		in->added++;
	}
	if (!rc && !header)
		rc = fail(in, VIGIL_E_CSV, "no header line");
	free(row);
	return rc;
}

/* ---------------- GeoJSON ---------------- */

struct gj {
	struct vigil_geo *g;
	struct vigil_geo_loadinfo *in;
	const char *s;
	size_t len;
	const struct vigil_json_tok *t;
	int default_kind;
	struct vigil_geo_pt *pts;
	size_t npts, cap_pts;
	struct vigil_geo_ring *rings;
	size_t nrings, cap_rings;
	const char *why;   /* reason a feature is skipped */
};

static unsigned line_of(const char *s, size_t byte)
{
	unsigned l = 1;
	size_t i;

	for (i = 0; i < byte; i++)
		if (s[i] == '\n')
			l++;
	return l;
}

/* [lon, lat] position into x->pts. 0 ok, -1 bad (x->why set), other: fatal code. */
static int gj_pos(struct gj *x, size_t i, struct vigil_geo_pt *pt)
{
	double lon, lat;

	if (x->t[i].type != VIGIL_JSON_ARRAY || x->t[i].count < 2 ||
	    vigil_json_num(x->s, &x->t[i + 1], &lon) || x->t[i + 1].type != VIGIL_JSON_NUMBER ||
	    x->t[i + 2].type != VIGIL_JSON_NUMBER || vigil_json_num(x->s, &x->t[i + 2], &lat)) {
		x->why = "position is not [lon, lat]";
		return -1;
	}
	if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
		x->why = "position out of range";
		return -1;
	}
	pt->lat = lat;
	pt->lon = lon;
	return 0;
}

static int gj_ring(struct gj *x, size_t i, int outer)
{
	size_t k, e;

	if (x->t[i].type != VIGIL_JSON_ARRAY || x->t[i].count < 4) {
		x->why = "ring is not an array of >= 4 positions";
		return -1;
	}
	if (x->t[i].count > VIGIL_GEO_MAX_RING_VERTS) {
		x->why = "ring has too many vertices";
		return -1;
	}
	if (x->nrings == x->cap_rings) {
		size_t nc = x->cap_rings ? x->cap_rings * 2 : 16;
		void *p;
		if (nc > VIGIL_GEO_MAX_RINGS)
			return VIGIL_E_FULL;
		p = realloc(x->rings, nc * sizeof(*x->rings));
		if (!p)
			return VIGIL_E_NOMEM;
		x->rings = p;
		x->cap_rings = nc;
	}
	if (x->npts + x->t[i].count > x->cap_pts) {
		size_t nc = x->cap_pts ? x->cap_pts : 256;
		void *p;
		while (nc < x->npts + x->t[i].count)
			nc *= 2;
		if (nc > VIGIL_GEO_MAX_VERTS)
			return VIGIL_E_FULL;
		p = realloc(x->pts, nc * sizeof(*x->pts));
		if (!p)
			return VIGIL_E_NOMEM;
		x->pts = p;
		x->cap_pts = nc;
	}
	x->rings[x->nrings].first = (uint32_t)x->npts;
	x->rings[x->nrings].n = x->t[i].count;
	x->rings[x->nrings].outer = (uint8_t)outer;
	for (k = 0, e = i + 1; k < x->t[i].count; k++, e = x->t[e].next) {
		int rc = gj_pos(x, e, &x->pts[x->npts + k]);
		if (rc)
			return rc;
	}
	x->npts += x->t[i].count;
	x->nrings++;
	return 0;
}

/* Polygon coordinates: array of rings, first outer. */
static int gj_polygon(struct gj *x, size_t i)
{
	size_t k, e;
	int rc;

	if (x->t[i].type != VIGIL_JSON_ARRAY || x->t[i].count < 1) {
		x->why = "polygon has no ring";
		return -1;
	}
	for (k = 0, e = i + 1; k < x->t[i].count; k++, e = x->t[e].next)
		if ((rc = gj_ring(x, e, k == 0)))
			return rc;
	return 0;
}

static void gj_str(struct gj *x, size_t obj, const char *key, char *out, size_t cap)
{
	size_t v = obj ? vigil_json_get(x->s, x->t, obj, key) : 0;
	char tmp[1024];

	out[0] = 0;
	if (!v)
		return;
	if (x->t[v].type == VIGIL_JSON_STRING) {
		size_t n;
		if (vigil_json_str(x->s, &x->t[v], tmp, sizeof(tmp), &n) == VIGIL_E_INVAL)
			return;
		copy_trunc(out, cap, tmp);
	} else if (x->t[v].type == VIGIL_JSON_NUMBER && x->t[v].len < sizeof(tmp)) {
		memcpy(tmp, x->s + x->t[v].start, x->t[v].len);
		tmp[x->t[v].len] = 0;
		copy_trunc(out, cap, tmp);
	}
}

/* One Feature (or bare geometry when props is 0 and geom the object itself). 0, -1 skip, or fatal. */
static int gj_feature(struct gj *x, size_t props, size_t geom, int has_geom, unsigned *nadded)
{
	char id[48], name[96], kind_s[64], iso[8], src[600], rad_s[32];
	size_t ty, co, k, e;
	double radius = 0;
	int kind = x->default_kind, rc, srci;

	if (props && x->t[props].type != VIGIL_JSON_OBJECT)
		props = 0;
	gj_str(x, props, "id", id, sizeof(id));
	gj_str(x, props, "name", name, sizeof(name));
	gj_str(x, props, "kind", kind_s, sizeof(kind_s));
	gj_str(x, props, "iso3", iso, sizeof(iso));
	if (!iso[0])
		gj_str(x, props, "country", iso, sizeof(iso));
	gj_str(x, props, "source", src, sizeof(src));
	gj_str(x, props, "radius_km", rad_s, sizeof(rad_s));
	if (kind_s[0] && (kind = vigil_geo_kind_parse(kind_s)) < 0) {
		x->why = "unknown kind";
		return -1;
	}
	if (rad_s[0] && (parse_num(rad_s, &radius) || radius < 0 || radius > 2000)) {
		x->why = "bad radius_km";
		return -1;
	}
	if (!has_geom || x->t[geom].type != VIGIL_JSON_OBJECT) {
		x->why = "no geometry";
		return -1;
	}
	ty = vigil_json_get(x->s, x->t, geom, "type");
	co = vigil_json_get(x->s, x->t, geom, "coordinates");
	if (!ty || !co) {
		x->why = "geometry without type or coordinates";
		return -1;
	}
	srci = intern(x->g, x->in, src);
	x->npts = x->nrings = 0;
	if (vigil_json_eq(x->s, &x->t[ty], "Point")) {
		struct vigil_geo_pt pt;
		if ((rc = gj_pos(x, co, &pt)))
			return rc;
		if (kind == VIGIL_GEO_PORT || kind == VIGIL_GEO_ANCHORAGE) {
			struct vigil_geo_place p;
			memset(&p, 0, sizeof(p));
			p.lat = pt.lat;
			p.lon = pt.lon;
			p.radius_km = (float)radius;
			p.kind = (uint8_t)kind;
			p.source = (uint16_t)srci;
			copy_trunc(p.id, sizeof(p.id), id);
			copy_trunc(p.name, sizeof(p.name), name[0] ? name : id);
			copy_trunc(p.country, sizeof(p.country), iso);
			rc = vigil_geo_add_place(x->g, &p);
		} else {
			struct vigil_geo_area a;
			if (!(radius > 0)) {
				x->why = "Point area without radius_km";
				return -1;
			}
			memset(&a, 0, sizeof(a));
			a.lat = pt.lat;
			a.lon = pt.lon;
			a.radius_km = (float)radius;
			a.kind = (uint8_t)kind;
			a.source = (uint16_t)srci;
			copy_trunc(a.id, sizeof(a.id), id);
			copy_trunc(a.name, sizeof(a.name), name[0] ? name : id);
			copy_trunc(a.country, sizeof(a.country), iso);
			rc = vigil_geo_add_area(x->g, &a, NULL, 0, NULL, 0);
		}
	} else {
		struct vigil_geo_area a;
		if (vigil_json_eq(x->s, &x->t[ty], "Polygon")) {
			if ((rc = gj_polygon(x, co)))
				return rc;
		} else if (vigil_json_eq(x->s, &x->t[ty], "MultiPolygon")) {
			if (x->t[co].type != VIGIL_JSON_ARRAY || x->t[co].count < 1) {
				x->why = "MultiPolygon without polygons";
				return -1;
			}
			for (k = 0, e = co + 1; k < x->t[co].count; k++, e = x->t[e].next)
				if ((rc = gj_polygon(x, e)))
					return rc;
		} else {
			x->why = "geometry is not Point, Polygon or MultiPolygon";
			return -1;
		}
		memset(&a, 0, sizeof(a));
		a.kind = (uint8_t)kind;
		a.source = (uint16_t)srci;
		if (!id[0])
			snprintf(id, sizeof(id), "area%u", (unsigned)x->g->nareas + 1);
		copy_trunc(a.id, sizeof(a.id), id);
		copy_trunc(a.name, sizeof(a.name), name[0] ? name : id);
		copy_trunc(a.country, sizeof(a.country), iso);
		rc = vigil_geo_add_area(x->g, &a, x->rings, x->nrings, x->pts, x->npts);
	}
	if (rc == VIGIL_E_RANGE || rc == VIGIL_E_INVAL) {
		x->why = rc == VIGIL_E_RANGE ? "coordinates or radius out of range" : "degenerate ring";
		return -1;
	}
	if (!rc)
		(*nadded)++;
	return rc;
}

int vigil_geo_load_geojson(struct vigil_geo *g, const char *buf, size_t len, int default_kind,
			   struct vigil_geo_loadinfo *in)
{
	struct vigil_json_tok *tok;
	struct gj x;
	size_t ntok = 0, errpos = 0, cap, ty, k, e;
	int rc;

	in->line = 0;
	in->byte = 0;
	in->msg[0] = 0;
	if (default_kind < 0 || default_kind >= VIGIL_GEO__NKINDS)
		default_kind = VIGIL_GEO_USER;
	if (len > VIGIL_GEO_MAX_FILE)
		return fail(in, VIGIL_E_TOOBIG, "file larger than %u bytes", VIGIL_GEO_MAX_FILE);
	cap = len / 2 + 2;
	if (cap > VIGIL_GEO_MAX_TOKENS)
		cap = VIGIL_GEO_MAX_TOKENS;
	tok = malloc(cap * sizeof(*tok));
	if (!tok)
		return fail(in, VIGIL_E_NOMEM, "out of memory");
	rc = vigil_json_parse(buf, len, tok, cap, &ntok, &errpos);
	if (rc) {
		in->byte = errpos;
		in->line = line_of(buf, errpos < len ? errpos : len);
		free(tok);
		if (rc == VIGIL_E_TOOBIG)
			return fail(in, rc, "more than %u JSON tokens", VIGIL_GEO_MAX_TOKENS);
		return fail(in, rc, "malformed JSON");
	}
	memset(&x, 0, sizeof(x));
	x.g = g;
	x.in = in;
	x.s = buf;
	x.len = len;
	x.t = tok;
	x.default_kind = default_kind;
	rc = 0;
	if (tok[0].type != VIGIL_JSON_OBJECT || !(ty = vigil_json_get(buf, tok, 0, "type"))) {
		in->line = 1;
		rc = fail(in, VIGIL_E_FORMAT, "not a GeoJSON object");
	} else if (vigil_json_eq(buf, &tok[ty], "FeatureCollection")) {
		size_t fs = vigil_json_get(buf, tok, 0, "features");
		if (!fs || tok[fs].type != VIGIL_JSON_ARRAY) {
			in->line = 1;
			rc = fail(in, VIGIL_E_FORMAT, "FeatureCollection without a features array");
		} else {
			for (k = 0, e = fs + 1; k < tok[fs].count && rc >= 0 && (rc == 0 || rc == -1);
			     k++, e = tok[e].next) {
				size_t ft = tok[e].type == VIGIL_JSON_OBJECT ? vigil_json_get(buf, tok, e, "type") : 0;
				x.why = NULL;
				if (!ft || !vigil_json_eq(buf, &tok[ft], "Feature")) {
					skip(in, line_of(buf, tok[e].start), "features[%zu] is not a Feature", k);
					continue;
				}
				size_t gm = vigil_json_get(buf, tok, e, "geometry");
				rc = gj_feature(&x, vigil_json_get(buf, tok, e, "properties"), gm, gm != 0,
						&in->added);
				if (rc == -1) {
					skip(in, line_of(buf, tok[e].start), "features[%zu]: %s", k, x.why);
					rc = 0;
				}
				if (rc > 0) {
					in->byte = tok[e].start;
					in->line = line_of(buf, tok[e].start);
				}
			}
		}
	} else {
		/* One Feature, or a bare geometry (the root object is the geometry). */
		int feat = vigil_json_eq(buf, &tok[ty], "Feature");
		size_t gm = feat ? vigil_json_get(buf, tok, 0, "geometry") : 0;

		x.why = NULL;
		rc = gj_feature(&x, feat ? vigil_json_get(buf, tok, 0, "properties") : 0, gm,
				feat ? gm != 0 : 1, &in->added);
		if (rc == -1) {
			skip(in, 1, "%s", x.why);
			rc = 0;
		}
	}
	if (rc > 0 && !in->msg[0])
		fail(in, rc, "%s (after %u features)", vigil_strerror(rc), in->added);
	free(x.pts);
	free(x.rings);
	free(tok);
	return rc;
}
