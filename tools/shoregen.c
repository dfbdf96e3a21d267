/* shoregen.c - build-time generator: Natural Earth 1:10m land (world-atlas TopoJSON) -> shore.bin lookup. */
/*
 * Usage: shoregen land-10m.json shore.bin
 *
 * Reads the TopoJSON "arcs" and "transform" of world-atlas's land-10m.json
 * (every arc of the merged land object is coastline, except the artificial
 * edges along the antimeridian and the southern clip of Antarctica, which
 * are kept for land/sea parity but flagged as not coast). Writes the blob
 * that lib/shore.c maps (layout in include/vigil/geo.h and lib/shore.c):
 * coastline segments filed in a 0.25 degree grid, each cell's land/sea state
 * and the distance from each cell centre to the coast.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL 0.25
#define NCOLS 1440
#define NROWS 720
#define NCELLS ((size_t)NCOLS * NROWS)
#define NOTCOAST 0x80000000u
#define R_KM 6371.0088
#define DEG (3.14159265358979323846 / 180.0)

static const char *src;
static size_t srclen, pos;

static void die(const char *msg)
{
	fprintf(stderr, "shoregen: %s (at byte %zu)\n", msg, pos);
	exit(1);
}

static void ws(void)
{
	while (pos < srclen && (src[pos] == ' ' || src[pos] == '\n' || src[pos] == '\r' || src[pos] == '\t'))
		pos++;
}

static void expect(char c)
{
	ws();
	if (pos >= srclen || src[pos] != c)
		die("unexpected character");
	pos++;
}

static int peek(char c)
{
	ws();
	return pos < srclen && src[pos] == c;
}

static void skip_value(void);

static void skip_string(void)
{
	expect('"');
	while (pos < srclen && src[pos] != '"') {
		if (src[pos] == '\\')
			pos++;
		pos++;
	}
	if (pos >= srclen)
		die("unterminated string");
	pos++;
}

static void skip_value(void)
{
	ws();
	if (pos >= srclen)
		die("truncated");
	if (src[pos] == '"') {
		skip_string();
	} else if (src[pos] == '{' || src[pos] == '[') {
		char close = src[pos] == '{' ? '}' : ']';
		pos++;
		if (peek(close)) {
			pos++;
			return;
		}
		for (;;) {
			if (close == '}') {
				skip_string();
				expect(':');
			}
			skip_value();
			if (peek(',')) {
				pos++;
				continue;
			}
			expect(close);
			return;
		}
	} else {
		while (pos < srclen && strchr(",]} \n\r\t", src[pos]) == NULL)
			pos++;
	}
}

static double number(void)
{
	char *end;
	double v;

	ws();
	errno = 0;
	v = strtod(src + pos, &end);
	if (end == src + pos)
		die("number expected");
	pos = (size_t)(end - src);
	return v;
}

/* Key of the next member (pos just past the colon); returns pointer and length. */
static const char *key(size_t *len)
{
	const char *k;

	expect('"');
	k = src + pos;
	while (pos < srclen && src[pos] != '"')
		pos++;
	*len = (size_t)(src + pos - k);
	pos++;
	expect(':');
	return k;
}

/* Quantized arcs, decoded. */
static int32_t *pts;        /* lon, lat in 1e-6 degrees */
static size_t npts, cap_pts;
static uint32_t *segs;      /* start index (| NOTCOAST) */
static size_t nsegs, cap_segs;

static void add_pt(double lon, double lat)
{
	if (npts == cap_pts) {
		cap_pts = cap_pts ? cap_pts * 2 : 1 << 20;
		pts = realloc(pts, cap_pts * 2 * sizeof(*pts));
		if (!pts)
			die("out of memory");
	}
	pts[2 * npts] = (int32_t)lrint(lon * 1e6);
	pts[2 * npts + 1] = (int32_t)lrint(lat * 1e6);
	npts++;
}

static void add_seg(uint32_t s)
{
	if (nsegs == cap_segs) {
		cap_segs = cap_segs ? cap_segs * 2 : 1 << 20;
		segs = realloc(segs, cap_segs * sizeof(*segs));
		if (!segs)
			die("out of memory");
	}
	segs[nsegs++] = s;
}

static double sx = 1, sy = 1, tx, ty;
static size_t arcs_at;

static void parse_arcs(void)
{
	expect('[');
	if (peek(']')) {
		pos++;
		return;
	}
	for (;;) {
		double x = 0, y = 0;
		size_t first = npts;
		expect('[');
		for (;;) {
			expect('[');
			x += number();
			expect(',');
			y += number();
			while (peek(',')) {   /* extra dimensions */
				pos++;
				number();
			}
			expect(']');
			add_pt(x * sx + tx, y * sy + ty);
			if (peek(',')) {
				pos++;
				continue;
			}
			expect(']');
			break;
		}
		/*
		 * A vertex on the antimeridian is stored as -180 even where its ring
		 * lies east (Chukotka, Fiji, Antarctica): give it the sign of the
		 * nearest vertex of the arc that is off the antimeridian.
		 */
		{
			size_t i, j;
			for (i = first; i < npts; i++) {
				if (pts[2 * i] != -180000000 && pts[2 * i] != 180000000)
					continue;
				for (j = i; j-- > first;)
					if (pts[2 * j] != -180000000 && pts[2 * j] != 180000000)
						break;
				if (j == (size_t)-1 || j < first)
					for (j = i + 1; j < npts; j++)
						if (pts[2 * j] != -180000000 && pts[2 * j] != 180000000)
							break;
				if (j < npts && j >= first)
					pts[2 * i] = pts[2 * j] > 0 ? 180000000 : -180000000;
			}
		}
		/* Segments between consecutive distinct points of this arc. */
		{
			size_t i;
			for (i = first; i + 1 < npts; i++) {
				int32_t ax = pts[2 * i], ay = pts[2 * i + 1], bx = pts[2 * i + 2], by = pts[2 * i + 3];
				uint32_t flag = 0;
				if (ax == bx && ay == by)
					continue;
				if ((ax == bx && (ax >= 179999000 || ax <= -179999000)) ||
				    (ay <= -84000000 && by <= -84000000))
					flag = NOTCOAST;
				add_seg((uint32_t)i | flag);
			}
		}
		if (peek(',')) {
			pos++;
			continue;
		}
		expect(']');
		break;
	}
}

static void parse_topology(void)
{
	size_t kl;
	const char *k;

	expect('{');
	for (;;) {
		k = key(&kl);
		if (kl == 9 && memcmp(k, "transform", 9) == 0) {
			expect('{');
			for (;;) {
				size_t l2;
				const char *k2 = key(&l2);
				if (l2 == 5 && memcmp(k2, "scale", 5) == 0) {
					expect('['); sx = number(); expect(','); sy = number(); expect(']');
				} else if (l2 == 9 && memcmp(k2, "translate", 9) == 0) {
					expect('['); tx = number(); expect(','); ty = number(); expect(']');
				} else {
					skip_value();
				}
				if (peek(',')) { pos++; continue; }
				expect('}');
				break;
			}
		} else if (kl == 4 && memcmp(k, "arcs", 4) == 0) {
			arcs_at = pos;   /* parsed after the transform is known */
			skip_value();
		} else {
			skip_value();
		}
		if (peek(',')) { pos++; continue; }
		expect('}');
		break;
	}
	if (!arcs_at)
		die("no arcs");
	pos = arcs_at;
	parse_arcs();
}

/* ---- grid ---- */

static uint32_t *cell_start, *cell_segs;
static uint16_t *cell_dist;
static uint8_t *cell_state;

static long col_of(double lon)
{
	long c = (long)floor((lon + 180.0) / CELL);
	return c < 0 ? 0 : c >= NCOLS ? NCOLS - 1 : c;
}

static long row_of(double lat)
{
	long r = (long)floor((lat + 90.0) / CELL);
	return r < 0 ? 0 : r >= NROWS ? NROWS - 1 : r;
}

static void seg_bbox(uint32_t s, long *r0, long *r1, long *c0, long *c1)
{
	size_t i = s & ~NOTCOAST;
	double ax = pts[2 * i] * 1e-6, ay = pts[2 * i + 1] * 1e-6, bx = pts[2 * i + 2] * 1e-6, by = pts[2 * i + 3] * 1e-6;

	*c0 = col_of(fmin(ax, bx));
	*c1 = col_of(fmax(ax, bx));
	*r0 = row_of(fmin(ay, by));
	*r1 = row_of(fmax(ay, by));
}

static void build_grid(void)
{
	size_t i, total = 0;
	uint32_t *fill;

	cell_start = calloc(NCELLS + 1, sizeof(*cell_start));
	fill = calloc(NCELLS, sizeof(*fill));
	if (!cell_start || !fill)
		die("out of memory");
	for (i = 0; i < nsegs; i++) {
		long r0, r1, c0, c1, r, c;
		seg_bbox(segs[i], &r0, &r1, &c0, &c1);
		for (r = r0; r <= r1; r++)
			for (c = c0; c <= c1; c++)
				cell_start[(size_t)r * NCOLS + (size_t)c + 1]++;
	}
	for (i = 0; i < NCELLS; i++)
		cell_start[i + 1] += cell_start[i];
	total = cell_start[NCELLS];
	cell_segs = malloc((total ? total : 1) * sizeof(*cell_segs));
	if (!cell_segs)
		die("out of memory");
	for (i = 0; i < nsegs; i++) {
		long r0, r1, c0, c1, r, c;
		seg_bbox(segs[i], &r0, &r1, &c0, &c1);
		for (r = r0; r <= r1; r++)
			for (c = c0; c <= c1; c++) {
				size_t k = (size_t)r * NCOLS + (size_t)c;
				cell_segs[cell_start[k] + fill[k]++] = segs[i];
			}
	}
	free(fill);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Land/sea of cells without coastline: even-odd parity of the row's centre line crossings east of the centre. */
static void build_states(void)
{
	double *xs = NULL;
	size_t cap = 0;
	long r, c;

	cell_state = calloc(NCELLS, 1);
	if (!cell_state)
		die("out of memory");
	for (r = 0; r < NROWS; r++) {
		double y = -90.0 + (r + 0.5) * CELL;
		size_t n = 0, k, j;
		for (c = 0; c < NCOLS; c++) {
			size_t cell = (size_t)r * NCOLS + (size_t)c;
			double x0 = -180.0 + c * CELL, x1 = x0 + CELL;
			for (k = cell_start[cell]; k < cell_start[cell + 1]; k++) {
				size_t i = cell_segs[k] & ~NOTCOAST;
				double ax = pts[2 * i] * 1e-6, ay = pts[2 * i + 1] * 1e-6;
				double bx = pts[2 * i + 2] * 1e-6, by = pts[2 * i + 3] * 1e-6, x;
				if ((ay > y) == (by > y))
					continue;
				x = ax + (y - ay) * (bx - ax) / (by - ay);
				if (x < x0 || (x >= x1 && c != NCOLS - 1))
					continue;
				if (n == cap) {
					cap = cap ? cap * 2 : 4096;
					xs = realloc(xs, cap * sizeof(*xs));
					if (!xs)
						die("out of memory");
				}
				xs[n++] = x;
			}
		}
		qsort(xs, n, sizeof(*xs), cmp_dbl);
		j = 0;
		for (c = 0; c < NCOLS; c++) {
			size_t cell = (size_t)r * NCOLS + (size_t)c;
			double cx = -180.0 + (c + 0.5) * CELL;
			while (j < n && xs[j] <= cx)
				j++;
			if (cell_start[cell] != cell_start[cell + 1])
				cell_state[cell] = 2;
			else
				cell_state[cell] = (uint8_t)((n - j) & 1);
		}
	}
	free(xs);
}

/* Great-circle-free flat distance from (lat, lon) to segment s, km (local projection). */
static double seg_km(double lat, double lon, uint32_t s)
{
	size_t i = s & ~NOTCOAST;
	double cl = cos(lat * DEG);
	double ax = pts[2 * i] * 1e-6 - lon, ay = pts[2 * i + 1] * 1e-6 - lat;
	double bx = pts[2 * i + 2] * 1e-6 - lon, by = pts[2 * i + 3] * 1e-6 - lat;
	double dx, dy, t, l2, px, py;

	if (ax > 180) ax -= 360;
	if (ax < -180) ax += 360;
	if (bx > 180) bx -= 360;
	if (bx < -180) bx += 360;
	ax *= cl; bx *= cl;
	dx = bx - ax; dy = by - ay;
	l2 = dx * dx + dy * dy;
	t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	px = ax + t * dx; py = ay + t * dy;
	return sqrt(px * px + py * py) * R_KM * DEG;
}

/* Haversine distance to the nearer end of segment s (for far cells, where the flat projection is poor). */
static double seg_far_km(double lat, double lon, uint32_t s)
{
	size_t i = s & ~NOTCOAST;
	double best = INFINITY;
	int e;

	for (e = 0; e < 2; e++) {
		double la = pts[2 * (i + e) + 1] * 1e-6, lo = pts[2 * (i + e)] * 1e-6;
		double p1 = lat * DEG, p2 = la * DEG, dp = p2 - p1, dl = (lo - lon) * DEG;
		double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
		double d = 2 * R_KM * asin(sqrt(a > 1 ? 1 : a));
		if (d < best)
			best = d;
	}
	return best;
}

static double cell_seg_km(long r, long c, uint32_t s)
{
	double lat = -90.0 + (r + 0.5) * CELL, lon = -180.0 + (c + 0.5) * CELL;
	double d = seg_km(lat, lon, s);
	return d < 300 ? d : seg_far_km(lat, lon, s);
}

/*
 * Cell centre to coast: exact for cells holding coastline (their own and
 * neighbouring segments), then propagated: each cell tries its neighbours'
 * nearest segment (vector propagation), forward and backward passes until
 * nothing changes.
 */
static void build_dist(void)
{
	uint32_t *near = malloc(NCELLS * sizeof(*near));
	float *d = malloc(NCELLS * sizeof(*d));
	long r, c;
	int pass, changed = 1;

	cell_dist = malloc(NCELLS * sizeof(*cell_dist));
	if (!near || !d || !cell_dist)
		die("out of memory");
	for (size_t k = 0; k < NCELLS; k++) {
		near[k] = UINT32_MAX;
		d[k] = INFINITY;
	}
	for (r = 0; r < NROWS; r++)
		for (c = 0; c < NCOLS; c++) {
			size_t cell = (size_t)r * NCOLS + (size_t)c, k;
			for (k = cell_start[cell]; k < cell_start[cell + 1]; k++) {
				uint32_t s = cell_segs[k];
				double v;
				if (s & NOTCOAST)
					continue;
				v = cell_seg_km(r, c, s);
				if (v < d[cell]) {
					d[cell] = (float)v;
					near[cell] = s;
				}
			}
		}
	for (pass = 0; changed && pass < 50; pass++) {
		changed = 0;
		for (int dir = 0; dir < 2; dir++) {
			long rs = dir ? NROWS - 1 : 0, re = dir ? -1 : NROWS, st = dir ? -1 : 1;
			for (r = rs; r != re; r += st) {
				long cs = dir ? NCOLS - 1 : 0, ce = dir ? -1 : NCOLS;
				for (c = cs; c != ce; c += st) {
					size_t cell = (size_t)r * NCOLS + (size_t)c;
					for (int dr = -1; dr <= 1; dr++)
						for (int dc = -1; dc <= 1; dc++) {
							long rr = r + dr, cc = (c + dc + NCOLS) % NCOLS;
							size_t nb;
							double v;
							if ((!dr && !dc) || rr < 0 || rr >= NROWS)
								continue;
							nb = (size_t)rr * NCOLS + (size_t)cc;
							if (near[nb] == UINT32_MAX || near[nb] == near[cell])
								continue;
							v = cell_seg_km(r, c, near[nb]);
							if (v < d[cell] - 1e-6) {
								d[cell] = (float)v;
								near[cell] = near[nb];
								changed = 1;
							}
						}
				}
			}
		}
	}
	for (size_t k = 0; k < NCELLS; k++) {
		double v = d[k] * 10.0;
		cell_dist[k] = (uint16_t)(v >= 65535 ? 65535 : lrint(v));
	}
	free(near);
	free(d);
}

static void put(FILE *f, const void *p, size_t n)
{
	static const char zero[8];
	if (fwrite(p, 1, n, f) != n || (n % 8 && fwrite(zero, 1, 8 - n % 8, f) != 8 - n % 8))
		die("write failed");
}

int main(int argc, char **argv)
{
	FILE *f;
	long n;
	char *buf;
	uint32_t hdr[16];
	char tmp[4096];

	if (argc != 3) {
		fprintf(stderr, "usage: shoregen land-10m.json shore.bin\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "shoregen: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("read failed");
	fclose(f);
	src = buf;
	srclen = (size_t)n;
	parse_topology();
	build_grid();
	build_states();
	build_dist();
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "VIGSHOR1", 8);
	hdr[2] = 1;                 /* version */
	hdr[3] = NCOLS;
	hdr[4] = NROWS;
	hdr[5] = cell_start[NCELLS]; /* filed segment entries */
	hdr[6] = (uint32_t)npts;
	hdr[7] = (uint32_t)lrint(CELL * 1000);
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "shoregen: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	put(f, hdr, sizeof(hdr));
	put(f, cell_start, (NCELLS + 1) * sizeof(*cell_start));
	put(f, cell_segs, cell_start[NCELLS] * sizeof(*cell_segs));
	put(f, pts, npts * 2 * sizeof(*pts));
	put(f, cell_dist, NCELLS * sizeof(*cell_dist));
	put(f, cell_state, NCELLS);
	if (fclose(f) != 0 || rename(tmp, argv[2]) != 0)
		die("write failed");
	fprintf(stderr, "shoregen: %zu points, %zu segments, %u filed, %s\n", npts, nsegs, cell_start[NCELLS], argv[2]);
	free(buf);
	return 0;
}
