/* gap.c - coverage grid of who was heard where and when, and the dark-period verdict. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/error.h"
#include "vigil/gap.h"
#include "vigil/segment.h"
#include "hash.h"

#define NCOL ((int)(360 / VIGIL_COVER_DEG))
#define NROW ((int)(180 / VIGIL_COVER_DEG))
#define HOUR_MS 3600000LL

/* Slot key of a cell: row * NCOL + col + 1 (0 marks an empty slot). */
static uint32_t slot_of(const struct vigil_cover *c, uint32_t key)
{
	return (uint32_t)vigil__mix64(key) & (c->nslots - 1);
}

int vigil_cover_init(struct vigil_cover *c)
{
	memset(c, 0, sizeof(*c));
	c->cells = calloc(VIGIL_COVER_SLOTS0, sizeof(*c->cells));
	if (!c->cells)
		return VIGIL_E_NOMEM;
	c->nslots = VIGIL_COVER_SLOTS0;
	return VIGIL_E_OK;
}

void vigil_cover_free(struct vigil_cover *c)
{
	free(c->cells);
	c->cells = NULL;
	c->nslots = c->nused = 0;
}

static int cell_of(double lat, double lon, int *col, int *row)
{
	if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
		return 0;
	*col = (int)((lon + 180) / VIGIL_COVER_DEG);
	*row = (int)((lat + 90) / VIGIL_COVER_DEG);
	if (*col >= NCOL)
		*col = NCOL - 1;
	if (*row >= NROW)
		*row = NROW - 1;
	return 1;
}

static struct vigil_cover_cell *find(const struct vigil_cover *c, uint32_t key)
{
	uint32_t i;

	if (!c->cells)
		return NULL;
	for (i = slot_of(c, key);; i = (i + 1) & (c->nslots - 1)) {
		if (c->cells[i].key == key)
			return &c->cells[i];
		if (!c->cells[i].key)
			return NULL;
	}
}

/*
 * Move the cells into a table of n slots, leaving out those last heard before
 * hour `older` (they can no longer say anything about a recent silence).
 */
static int rehash(struct vigil_cover *c, uint32_t n, int32_t older)
{
	struct vigil_cover_cell *t = calloc(n, sizeof(*t)), *old = c->cells;
	uint32_t i, on = c->nslots;

	if (!t)
		return 0;
	c->cells = t;
	c->nslots = n;
	c->nused = 0;
	for (i = 0; i < on; i++) {
		uint32_t j;

		if (!old[i].key)
			continue;
		if (old[i].last_hour < older) {
			c->evicted++;
			continue;
		}
		for (j = slot_of(c, old[i].key); t[j].key; j = (j + 1) & (n - 1))
			;
		t[j] = old[i];
		c->nused++;
	}
	free(old);
	return 1;
}

/* The cell for key, inserted when absent; NULL when the table is full (counted). */
static struct vigil_cover_cell *insert(struct vigil_cover *c, uint32_t key)
{
	struct vigil_cover_cell *k = find(c, key);
	uint32_t i;

	if (k || !c->cells)
		return k;
	/* Keep the load at most 1/2 so that probes stay short. */
	if ((c->nused + 1) * 2 > c->nslots) {
		int ok = 0;

		if (c->nslots < VIGIL_COVER_MAXSLOTS) {
			ok = rehash(c, c->nslots * 2, INT32_MIN);
		} else if (c->newest_hour > c->evict_hour) {
			/* Full: forget the cells that went quiet longest ago (at most once per hour of data). */
			c->evict_hour = c->newest_hour;
			ok = rehash(c, c->nslots, c->newest_hour - 2 * VIGIL_COVER_HOURS) &&
			     (c->nused + 1) * 2 <= c->nslots;
		}
		if (!ok) {
			c->overflow++;
			return NULL;
		}
	}
	for (i = slot_of(c, key); c->cells[i].key; i = (i + 1) & (c->nslots - 1))
		;
	c->cells[i].key = key;
	c->nused++;
	return &c->cells[i];
}

void vigil_cover_mark(struct vigil_cover *c, double lat, double lon, int64_t t_ms)
{
	int col, row;
	int32_t h = (int32_t)(t_ms / HOUR_MS);
	struct vigil_cover_cell *k;

	if (!c->cells || t_ms < 0 || !cell_of(lat, lon, &col, &row))
		return;
	if (h > c->newest_hour)
		c->newest_hour = h;
	k = insert(c, (uint32_t)row * NCOL + (uint32_t)col + 1);
	if (!k)
		return;
	if (h > k->last_hour) {
		if (k->last_hour == 0 || h - k->last_hour >= VIGIL_COVER_HOURS) {
			memset(k->slots, 0, sizeof(k->slots));
		} else {
			int32_t x;

			for (x = k->last_hour + 1; x <= h; x++)
				k->slots[x % VIGIL_COVER_HOURS] = 0;
		}
		k->last_hour = h;
	} else if (k->last_hour - h >= VIGIL_COVER_HOURS) {
		return; /* too old to remember */
	}
	k->slots[h % VIGIL_COVER_HOURS] |= (uint8_t)(1u << ((t_ms % HOUR_MS) / VIGIL_COVER_SLOT_MS));
}

/* The slot bits of hour h in cell k (0 when not remembered). */
static unsigned cell_slots(const struct vigil_cover_cell *k, int32_t h)
{
	if (!k || h > k->last_hour || k->last_hour - h >= VIGIL_COVER_HOURS || k->last_hour == 0)
		return 0;
	return k->slots[h % VIGIL_COVER_HOURS];
}

/* The slot bits of the hour of t_ms over the cell of (lat, lon) and its 8 neighbours; all: stop at the first heard. */
static unsigned near_slots(const struct vigil_cover *c, double lat, double lon, int64_t t_ms, int all)
{
	int col, row, dc, dr;
	int32_t h = (int32_t)(t_ms / HOUR_MS);
	unsigned m = 0;

	if (!c->cells || t_ms < 0 || !cell_of(lat, lon, &col, &row))
		return 0;
	for (dr = -1; dr <= 1; dr++) {
		int r = row + dr;

		if (r < 0 || r >= NROW)
			continue;
		for (dc = -1; dc <= 1; dc++) {
			int cc = (col + dc + NCOL) % NCOL;

			m |= cell_slots(find(c, (uint32_t)r * NCOL + (uint32_t)cc + 1), h);
			if (m == 0x3f || (m && !all))
				return m;
		}
	}
	return m;
}

int vigil_cover_heard(const struct vigil_cover *c, double lat, double lon, int64_t t_ms)
{
	return near_slots(c, lat, lon, t_ms, 0) != 0;
}

int vigil_cover_slots(const struct vigil_cover *c, double lat, double lon, int64_t t_ms)
{
	unsigned m = near_slots(c, lat, lon, t_ms, 1);
	int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

static int popcount64(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

double vigil_own_rate(const struct vigil_own *o, int64_t t_ms, int min_heard, int min_window, int *nheard)
{
	int32_t s = (int32_t)(t_ms / VIGIL_COVER_SLOT_MS), k, win;
	uint64_t m;
	int heard, pairs;

	*nheard = 0;
	if (!o || !o->mask || t_ms < 0)
		return NAN;
	/* Align: bit 0 = the slot of t_ms (marks after it, if any, are shifted out). */
	k = o->slot - s;
	if (k >= 64 || k < 0)
		return NAN;
	m = o->mask >> k;
	/* Only the current stretch of reception: slots first..s. */
	win = o->first <= s && s - o->first < 63 ? s - o->first + 1 : 64;
	if (win < 64)
		m &= (1ULL << win) - 1;
	/* Slots 1..win-1 that were heard, and of those the ones whose next slot (one bit lower) was heard too. */
	heard = popcount64(m >> 1);
	pairs = popcount64((m >> 1) & m);
	*nheard = heard;
	if (heard >= min_heard && heard > 0)
		return (double)pairs / heard;
	return win >= min_window ? 0 : NAN;
}

void vigil_gap_params_default(struct vigil_gap_params *p)
{
	p->min_ms = 6 * HOUR_MS;
	p->min_cov = 0.5;
	p->min_heard_hours = 2;
	p->detour_ratio = 0.6;
	p->min_slots = 4;
	p->min_own_cov = 0.75;
	p->min_own_detour = 0.25;
	p->own_min_heard = 3;
	p->own_min_window = 18;
	p->detour_min_kn = 6;
}

/* min_slots, detour_min_kn, own: the rules of vigil_gap_judge_own; 1, 0, NULL: those before it. */
static void judge(const struct vigil_cover *c, const struct vigil_gap_params *p, int min_slots, double detour_min_kn,
		  const struct vigil_own *own, int64_t t0, double lat0, double lon0, double sog0, double cog0,
		  int64_t t1, double lat1, double lon1, struct vigil_gap_judgement *j)
{
	int64_t h, h0 = t0 / HOUR_MS + 1, h1 = t1 / HOUR_MS;
	int ns = 0, ne = 0, np = 0, hp, k;
	double dur_h = (double)(t1 - t0) / 3.6e6, dlon = lon1 - lon0;

	memset(j, 0, sizeof(*j));
	if (dlon > 180)
		dlon -= 360;
	else if (dlon < -180)
		dlon += 360;
	/* Hours wholly inside the silence: [h0, h1). */
	for (h = h0; h < h1; h++) {
		int64_t mid = h * HOUR_MS + HOUR_MS / 2;
		double f = (double)(mid - t0) / (double)(t1 - t0);
		double plat = lat0 + f * (lat1 - lat0), plon = lon0 + f * dlon;

		if (plon > 180)
			plon -= 360;
		else if (plon < -180)
			plon += 360;
		ns += vigil_cover_slots(c, lat0, lon0, mid) >= min_slots;
		ne += vigil_cover_slots(c, lat1, lon1, mid) >= min_slots;
		k = vigil_cover_slots(c, plat, plon, mid);
		hp = k >= min_slots;
		np += hp;
		if (j->hours < (int)sizeof(j->path_hours) - 1) {
			j->path_hours[j->hours] = hp ? '1' : '0';
			j->path_slots[j->hours] = (char)('0' + k);
		}
		if (hp && h != h0 && h != h1 - 1)
			j->inner_heard++;
		j->hours++;
	}
	if (j->hours) {
		j->cov_start = (double)ns / j->hours;
		j->cov_end = (double)ne / j->hours;
		j->cov_path = (double)np / j->hours;
	}
	j->dist_nm = vigil_seg_dist_nm(lat0, lon0, lat1, lon1);
	j->implied_kn = dur_h > 0 ? j->dist_nm / dur_h : 0;
	j->speed_before = sog0;
	j->dr_error_nm = NAN;
	if (isfinite(sog0) && isfinite(cog0)) {
		double nm = sog0 * dur_h, c0 = cos(lat0 * M_PI / 180);
		double elat = lat0 + nm * cos(cog0 * M_PI / 180) / 60;
		double elon = lon0 + (c0 > 0.01 ? nm * sin(cog0 * M_PI / 180) / (60 * c0) : 0);

		if (fabs(elat) <= 90)
			j->dr_error_nm = vigil_seg_dist_nm(elat, elon, lat1, lon1);
	}
	j->dr_ratio = NAN;
	if (isfinite(j->dr_error_nm) && sog0 >= 3 && dur_h > 0)
		j->dr_ratio = j->dr_error_nm / (sog0 * dur_h);
	/* Under way before, then far from where steady sailing leads and slower: it stopped or went elsewhere. */
	j->detour = isfinite(j->dr_ratio) && j->dr_ratio >= p->detour_ratio && j->implied_kn < 0.8 * sog0 &&
		    sog0 >= detour_min_kn;
	j->transit = isfinite(j->dr_ratio) && j->dr_ratio < 0.5 && j->implied_kn >= 0.7 * sog0;
	j->own_rate = vigil_own_rate(own, t0, p->own_min_heard, p->own_min_window, &j->own_heard);
	/*
	 * Others heard near the path say the vessel would have been heard only if
	 * it was heard as steadily as they are before; a vessel heard only now and
	 * then (a weak class B transmitter, satellite passes) can be silent for
	 * hours where others are heard. Reappearing elsewhere says something only
	 * when the silence is unusual for the vessel: not for one that was hardly
	 * ever heard two slots in a row.
	 */
	j->own_weak = isfinite(j->own_rate) && j->own_rate < p->min_own_cov;
	j->suspicious = ((j->cov_path >= p->min_cov || j->inner_heard >= p->min_heard_hours) && !j->own_weak) ||
			(j->detour && !(isfinite(j->own_rate) && j->own_rate < p->min_own_detour));
	j->confidence = 0.4 + 0.4 * j->cov_path + (j->detour ? 0.15 : 0) - (j->transit ? 0.15 : 0) +
			0.05 * (j->inner_heard >= p->min_heard_hours) +
			0.05 * (j->cov_start >= 0.5) + 0.05 * (j->cov_end >= 0.5);
	if (j->confidence > 0.99)
		j->confidence = 0.99;
	if (j->confidence < 0.05)
		j->confidence = 0.05;
}

void vigil_gap_judge(const struct vigil_cover *c, const struct vigil_gap_params *p,
		     int64_t t0, double lat0, double lon0, double sog0, double cog0,
		     int64_t t1, double lat1, double lon1, struct vigil_gap_judgement *j)
{
	judge(c, p, 1, 0, NULL, t0, lat0, lon0, sog0, cog0, t1, lat1, lon1, j);
}

void vigil_gap_judge_own(const struct vigil_cover *c, const struct vigil_gap_params *p, const struct vigil_own *own,
			 int64_t t0, double lat0, double lon0, double sog0, double cog0,
			 int64_t t1, double lat1, double lon1, struct vigil_gap_judgement *j)
{
	judge(c, p, p->min_slots, p->detour_min_kn, own, t0, lat0, lon0, sog0, cog0, t1, lat1, lon1, j);
}
