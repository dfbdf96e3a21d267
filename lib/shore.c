/* shore.c - distance to shore and land/sea from the shore.bin blob that tools/shoregen builds. */
#include <math.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/geo.h"

/*
 * Blob layout (host byte order, every array padded to 8 bytes):
 *   u32 header[16]: "VIGSHOR1", version 1, ncols, nrows, nfiled, npts, cell size in millidegrees
 *   u32 cell_start[ncells + 1]   CSR offsets into seg_ix
 *   u32 seg_ix[nfiled]           start vertex of a segment; bit 31: not coast (antimeridian/clip edge)
 *   i32 pts[2 * npts]            lon, lat in microdegrees
 *   u16 cell_dist[ncells]        cell centre to coast, 0.1 km
 *   u8  cell_state[ncells]       0 sea, 1 land, 2 has coastline
 */
#define NOTCOAST 0x80000000u
#define DEG (3.14159265358979323846 / 180.0)
#define KM_PER_DEG (VIGIL_GEO_EARTH_KM * DEG)

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int vigil_shore_open(struct vigil_shore *s, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	uint32_t h[16];
	size_t ncells, off, need;

	memset(s, 0, sizeof(*s));
	if (!buf || ((uintptr_t)buf & 7))
		return VIGIL_E_INVAL;
	if (len < sizeof(h))
		return VIGIL_E_LENGTH;
	memcpy(h, b, sizeof(h));
	if (memcmp(h, "VIGSHOR1", 8) != 0 || h[2] != 1)
		return VIGIL_E_FORMAT;
	if (h[3] == 0 || h[4] == 0 || h[3] > 36000 || h[4] > 18000 || h[7] == 0 ||
	    (uint64_t)h[3] * h[7] != 360000 || (uint64_t)h[4] * h[7] != 180000)
		return VIGIL_E_FORMAT;
	ncells = (size_t)h[3] * h[4];
	off = sizeof(h);
	need = off + pad8((ncells + 1) * 4) + pad8((size_t)h[5] * 4) + pad8((size_t)h[6] * 8) +
	       pad8(ncells * 2) + pad8(ncells);
	if (len < need)
		return VIGIL_E_LENGTH;
	s->cell_start = (const uint32_t *)(const void *)(b + off);
	off += pad8((ncells + 1) * 4);
	s->seg_ix = (const uint32_t *)(const void *)(b + off);
	off += pad8((size_t)h[5] * 4);
	s->pts = (const int32_t *)(const void *)(b + off);
	off += pad8((size_t)h[6] * 8);
	s->cell_dist = (const uint16_t *)(const void *)(b + off);
	off += pad8(ncells * 2);
	s->cell_state = b + off;
	/*
	 * Only the ends are checked here: walking every offset would make the
	 * whole index resident (6 MB) for a process that looks at one sea. Each
	 * look-up checks the cells and segments it reads instead (cell_ok,
	 * seg_ok), so a corrupt blob gives wrong distances, never a bad read.
	 */
	if (s->cell_start[0] != 0 || s->cell_start[ncells] != h[5]) {
		memset(s, 0, sizeof(*s));
		return VIGIL_E_FORMAT;
	}
	s->buf = b;
	s->len = len;
	s->ncols = h[3];
	s->nrows = h[4];
	s->nsegs = h[5];
	s->npts = h[6];
	s->cell_deg = h[7] / 1000.0;
	return VIGIL_E_OK;
}

static int usable(const struct vigil_shore *s, double lat, double lon)
{
	return s && s->buf && isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 &&
	       lon >= -180 && lon <= 180;
}

/* Cell ce's segment range [*a, *b) when it is well formed, else empty. */
static void cell_range(const struct vigil_shore *s, size_t ce, uint32_t *a, uint32_t *b)
{
	*a = s->cell_start[ce];
	*b = s->cell_start[ce + 1];
	if (*a > *b || *b > s->nsegs)
		*a = *b = 0;
}

/* Segment entry usable: its two vertices lie within pts. */
static int seg_ok(const struct vigil_shore *s, uint32_t seg)
{
	return (size_t)(seg & ~NOTCOAST) + 1 < s->npts;
}

static long row_of(const struct vigil_shore *s, double lat)
{
	long r = (long)floor((lat + 90.0) / s->cell_deg);
	return r < 0 ? 0 : r >= (long)s->nrows ? (long)s->nrows - 1 : r;
}

static long col_of(const struct vigil_shore *s, double lon)
{
	long c = (long)floor((lon + 180.0) / s->cell_deg);
	return c < 0 ? 0 : c >= (long)s->ncols ? (long)s->ncols - 1 : c;
}

/* Flat distance (km) from the point to segment seg, the point's own meridian scale. */
static double seg_km(const struct vigil_shore *s, uint32_t seg, double lat, double lon, double cl)
{
	size_t i = seg & ~NOTCOAST;
	const int32_t *p = s->pts + 2 * i;
	double ax = p[0] * 1e-6 - lon, ay = p[1] * 1e-6 - lat;
	double bx = p[2] * 1e-6 - lon, by = p[3] * 1e-6 - lat;
	double dx, dy, t, l2, px, py;

	if (ax > 180) ax -= 360;
	if (ax < -180) ax += 360;
	if (bx > 180) bx -= 360;
	if (bx < -180) bx += 360;
	ax *= cl;
	bx *= cl;
	dx = bx - ax;
	dy = by - ay;
	l2 = dx * dx + dy * dy;
	t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	px = ax + t * dx;
	py = ay + t * dy;
	return sqrt(px * px + py * py) * KM_PER_DEG;
}

double vigil_shore_km(const struct vigil_shore *s, double lat, double lon)
{
	long r, c, k, kmax;
	size_t cell;
	double cl, best = INFINITY, dc, halfdiag, cellh_km;

	if (!usable(s, lat, lon))
		return NAN;
	r = row_of(s, lat);
	c = col_of(s, lon);
	cell = (size_t)r * s->ncols + (size_t)c;
	dc = s->cell_dist[cell] / 10.0;
	cellh_km = s->cell_deg * KM_PER_DEG;
	halfdiag = cellh_km * 0.7072;
	/* Far from any coast: the cell value, within half a cell diagonal. */
	if (dc - halfdiag > VIGIL_SHORE_EXACT_KM)
		return dc;
	cl = cos(lat * DEG);
	/*
	 * Rings of cells around the point's cell, nearest first; ring k is at
	 * least (k - 1) cell widths away (width taken at the ring's poleward
	 * edge), so stop once that exceeds the best distance found. The true
	 * distance is at most dc + halfdiag, which bounds the rings.
	 */
	kmax = (long)s->ncols / 2;
	for (k = 0; k <= kmax; k++) {
		double edge = fabs(lat) + (k + 1) * s->cell_deg;
		double w = cellh_km * (edge >= 90 ? 0 : cos(edge * DEG));
		double lo_km = (k - 1) * (w < cellh_km ? w : cellh_km);
		long dr, dcol;

		if (k > 0 && (lo_km > best || lo_km > dc * 1.02 + halfdiag + 1 || w <= 0))
			break;
		for (dr = -k; dr <= k; dr++) {
			long rr = r + dr;
			long step = (dr == -k || dr == k) ? 1 : 2 * k;
			if (rr < 0 || rr >= (long)s->nrows)
				continue;
			for (dcol = -k; dcol <= k; dcol += step ? step : 1) {
				long cc = ((c + dcol) % (long)s->ncols + (long)s->ncols) % (long)s->ncols;
				size_t ce = (size_t)rr * s->ncols + (size_t)cc;
				uint32_t j, j1;

				cell_range(s, ce, &j, &j1);
				/* Skip a cell whose rectangle is farther than the best so far. */
				if (k > 0 && j != j1 && isfinite(best)) {
					double y0 = -90.0 + rr * s->cell_deg, x0 = -180.0 + cc * s->cell_deg;
					double dy = lat < y0 ? y0 - lat : lat > y0 + s->cell_deg ? lat - y0 - s->cell_deg : 0;
					double dx = lon - (x0 + s->cell_deg / 2);
					if (dx > 180) dx -= 360;
					if (dx < -180) dx += 360;
					dx = fabs(dx) - s->cell_deg / 2;
					dx = dx > 0 ? dx * fmin(cl, cos(fmin(89.0, fabs(lat) + fabs(dy) + s->cell_deg) * DEG)) : 0;
					if ((dx * dx + dy * dy) * KM_PER_DEG * KM_PER_DEG > best * best)
						goto next;
				}
				for (; j < j1; j++) {
					uint32_t seg = s->seg_ix[j];
					double d;
					if ((seg & NOTCOAST) || !seg_ok(s, seg))
						continue;
					d = seg_km(s, seg, lat, lon, cl);
					if (d < best)
						best = d;
				}
			next:
				if (k == 0)
					break;
			}
		}
	}
	if (!isfinite(best))
		return dc;   /* no coastline within reach (should not happen): the cell value */
	return best;
}

int vigil_shore_land(const struct vigil_shore *s, double lat, double lon)
{
	long r, c;
	int parity = 0;

	if (!usable(s, lat, lon))
		return -1;
	r = row_of(s, lat);
	/* Cast a ray east: count crossings through coastline cells until a cell of known state. */
	for (c = col_of(s, lon); c < (long)s->ncols; c++) {
		size_t cell = (size_t)r * s->ncols + (size_t)c;
		uint32_t j, j1;
		double x0 = -180.0 + c * s->cell_deg, x1 = x0 + s->cell_deg;
		int first = c == col_of(s, lon), last = c == (long)s->ncols - 1;

		if (s->cell_state[cell] != 2)
			return (s->cell_state[cell] & 1) ^ parity;
		cell_range(s, cell, &j, &j1);
		for (; j < j1; j++) {
			const int32_t *p;
			double ax, ay, bx, by, x;

			if (!seg_ok(s, s->seg_ix[j]))
				continue;
			p = s->pts + 2 * (size_t)(s->seg_ix[j] & ~NOTCOAST);
			ax = p[0] * 1e-6;
			ay = p[1] * 1e-6;
			bx = p[2] * 1e-6;
			by = p[3] * 1e-6;
			if ((ay > lat) == (by > lat))
				continue;
			x = ax + (lat - ay) * (bx - ax) / (by - ay);
			if (first ? x <= lon : x < x0)
				continue;
			if (x >= x1 && !last)
				continue;
			parity ^= 1;
		}
	}
	return parity;   /* east of 180 is outside every polygon */
}
