/* gap.h - reception coverage grid and the judgement of a silence: dark period or coverage hole. */
#ifndef VIGIL_GAP_H
#define VIGIL_GAP_H

#include <stdint.h>

/*
 * The coverage grid remembers, per 0.2 degree cell (about 22 km), per UTC
 * hour and per 10-minute slot of that hour, whether any vessel was heard
 * there, for the last VIGIL_COVER_HOURS hours. A silent vessel whose neighbourhood (its cell and the 8 around it,
 * within about 30 km: well inside a shore station's AIS range) kept being
 * heard was not in a coverage hole.
 * Only cells where something was heard are stored, in an open-addressing
 * table that starts at VIGIL_COVER_SLOTS0 slots (104 bytes each) and doubles
 * up to VIGIL_COVER_MAXSLOTS (13.6 MB; a theatre the size of the Sea of Japan
 * plus the Yellow and East China Seas is about 15,000 cells). When it is full,
 * cells last heard more than 2 x VIGIL_COVER_HOURS before the newest mark are
 * forgotten (counted in evicted; one pass per hour of data at most); if that
 * frees no room the mark is dropped
 * and counted in overflow (its silences then read as coverage holes: no gap
 * event, never a false one).
 */
#define VIGIL_COVER_HOURS 96
#define VIGIL_COVER_DEG 0.2
#define VIGIL_COVER_SLOTS0 1024u
#define VIGIL_COVER_MAXSLOTS (1u << 17)
#define VIGIL_COVER_SLOT_MS 600000 /* 10 minutes: 6 slots an hour */

struct vigil_cover_cell {
	uint32_t key;        /* row * columns + column + 1; 0 = empty slot */
	int32_t last_hour;   /* newest hour recorded (hours since the epoch), 0 = never */
	uint8_t slots[VIGIL_COVER_HOURS]; /* [hour % 96]: bit s = heard in the hour's 10-minute slot s */
};

struct vigil_cover {
	struct vigil_cover_cell *cells; /* malloc'd hash table of nslots (a power of 2) */
	uint32_t nslots, nused;
	int32_t newest_hour;            /* newest hour marked */
	int32_t evict_hour;             /* newest_hour at the last eviction pass */
	uint64_t overflow;              /* marks dropped: table full */
	uint64_t evicted;               /* cells forgotten to make room */
};

/* Allocate the grid (about 80 KB to start). VIGIL_E_OK or VIGIL_E_NOMEM. Free with vigil_cover_free. */
int vigil_cover_init(struct vigil_cover *c);
void vigil_cover_free(struct vigil_cover *c);

/*
 * Record that something was heard at (lat, lon) at t_ms. Marking once per
 * vessel, cell and 10-minute slot (t_ms / VIGIL_COVER_SLOT_MS) is enough; once
 * per hour leaves the slot counts (vigil_cover_slots) short.
 */
void vigil_cover_mark(struct vigil_cover *c, double lat, double lon, int64_t t_ms);

/* 1 when anything was heard within one cell of (lat, lon) during the UTC hour containing t_ms. */
int vigil_cover_heard(const struct vigil_cover *c, double lat, double lon, int64_t t_ms);

/* In how many of the 6 ten-minute slots of the UTC hour containing t_ms anything was heard within one cell (0-6). */
int vigil_cover_slots(const struct vigil_cover *c, double lat, double lon, int64_t t_ms);

/*
 * A vessel's own reception: the 10-minute slots in which it was heard, the
 * last 64 of them (10 h 40 min), and where its current stretch of reception
 * began (its first slot, or the first after a silence of VIGIL_OWN_RESET_SLOTS
 * or more: reception before a dark period says nothing about the next one).
 * Zero-initialise; 16 bytes in the caller's vessel record. Mark every position
 * after the silence before it was judged, so that the mask a judgement reads
 * ends where the silence starts.
 */
#define VIGIL_OWN_RESET_SLOTS 36 /* 6 h */
struct vigil_own {
	uint64_t mask;   /* bit i: heard in slot (slot - i) */
	int32_t slot;    /* newest slot marked (t_ms / VIGIL_COVER_SLOT_MS) */
	int32_t first;   /* first slot of the current stretch */
};

static inline void vigil_own_mark(struct vigil_own *o, int64_t t_ms)
{
	int32_t s;

	if (t_ms < 0)
		return;
	s = (int32_t)(t_ms / VIGIL_COVER_SLOT_MS);
	if (s > o->slot) {
		uint32_t d = (uint32_t)(s - o->slot);

		if (!o->mask || d >= VIGIL_OWN_RESET_SLOTS)
			o->first = s;
		o->mask = d >= 64 ? 1 : (o->mask << d) | 1;
		o->slot = s;
	} else if (o->slot - s < 64) {
		o->mask |= 1ULL << (o->slot - s);
		if (s < o->first)
			o->first = s;
	}
}

/*
 * How reliably the vessel itself is heard, from its slots of the current
 * stretch up to t_ms (the start of a silence): of the slots in which it was
 * heard (the newest one excepted), the fraction whose next slot heard it too.
 * About 1 for a ship in steady reception; 0.3-0.7 for one heard by satellite
 * passes; near 0 for a weak transmitter heard now and then. With fewer than
 * min_heard such slots: 0 when the stretch is at least min_window slots long
 * (hardly heard at all), else NAN (too little to tell). *nheard gets the
 * number of slots the fraction is over.
 */
double vigil_own_rate(const struct vigil_own *o, int64_t t_ms, int min_heard, int min_window, int *nheard);

/* What the data say about one silence. */
struct vigil_gap_judgement {
	int hours;            /* whole hours inside the silence that were checked */
	double cov_start;     /* fraction of those hours with reception near the last position */
	double cov_end;       /* ... near the reappearance position */
	double cov_path;      /* ... near the straight path between them at that time */
	double dist_nm;       /* great-circle distance last -> reappearance */
	double implied_kn;    /* dist_nm / duration */
	double dr_error_nm;   /* distance between the reappearance and the dead-reckoned position (NAN no SOG/COG) */
	double speed_before;  /* SOG at the last report (NAN n/a) */
	int detour;           /* 1 when it reappeared far from dead reckoning and slower: stopped or went elsewhere */
	int transit;          /* 1 when it reappeared near where steady sailing would have put it */
	char path_hours[97];  /* per checked hour: '1' heard near the path position (>= min_slots slots), '0' not (capped) */
	char path_slots[97];  /* per checked hour: '0'-'6' slots with reception near the path position (capped) */
	double own_rate;      /* vigil_own_rate at the start of the silence (NAN unknown) */
	int own_heard;        /* slots it is over */
	int own_weak;         /* 1 when own_rate < min_own_cov: others heard near the path say nothing */
	int inner_heard;      /* heard hours excluding the first and the last checked hour */
	double dr_ratio;      /* dr_error / distance steady sailing would have covered (NAN n/a) */
	int suspicious;       /* the verdict: 1 = gap event, 0 = explained by coverage */
	double confidence;
};

struct vigil_gap_params {
	int64_t min_ms;        /* silence that is considered at all; 6 h */
	double min_cov;        /* path coverage from which a silence is a gap; 0.5 */
	int min_heard_hours;   /* ... or this many hours heard near the path away from its first and last hour; 2 */
	double detour_ratio;   /* ... or reappearing this far (fraction of the distance steady sailing covers)
				  from the dead-reckoned position while slower than 0.8 x SOG; 0.6 */
	/* Read by vigil_gap_judge_own only (vigil_gap_judge behaves as before: 1, 0, 0): */
	int min_slots;         /* an hour counts as heard near a position with reception in this many of its
				  6 ten-minute slots; 4 (a satellite pass fills 1-3) */
	double min_own_cov;    /* the vessel's own vigil_own_rate below which others heard near the path say
				  nothing (it was not heard as steadily as they are); 0.75 */
	double min_own_detour; /* ... below which reappearing far from dead reckoning says nothing (hardly
				  ever heard two slots in a row: the silence is not unusual for it); 0.25 */
	int own_min_heard;     /* heard slots needed to know that rate; 3 */
	int own_min_window;    /* ... or slots of reception stretch before the silence after which fewer
				  heard slots mean 0 (hardly heard); 18 (3 h) */
	double detour_min_kn;  /* SOG before the silence from which the detour rule applies; 6 (trawling,
				  drifting and working speeds say nothing about where a ship will be) */
};

void vigil_gap_params_default(struct vigil_gap_params *p);

/*
 * Judge the silence between (t0, lat0, lon0, sog0, cog0) and (t1, lat1, lon1).
 * sog0/cog0 may be NAN. Pure function over the grid.
 */
void vigil_gap_judge(const struct vigil_cover *c, const struct vigil_gap_params *p,
		     int64_t t0, double lat0, double lon0, double sog0, double cog0,
		     int64_t t1, double lat1, double lon1, struct vigil_gap_judgement *j);

/*
 * The same with the vessel's own reception (own may be NULL: unknown) and the
 * 10-minute slot rules (min_slots, min_own_cov, min_own_detour, detour_min_kn).
 * A silence is a gap when the path was heard (>= min_slots slots in >= min_cov
 * of its hours, or in >= min_heard_hours inner hours) and the vessel had been
 * heard steadily itself (own_rate unknown or >= min_own_cov), or when the ship,
 * under way at >= detour_min_kn, reappeared far from dead reckoning and had not
 * been heard only sporadically (own_rate unknown or >= min_own_detour).
 */
void vigil_gap_judge_own(const struct vigil_cover *c, const struct vigil_gap_params *p, const struct vigil_own *own,
			 int64_t t0, double lat0, double lon0, double sog0, double cog0,
			 int64_t t1, double lat1, double lon1, struct vigil_gap_judgement *j);

#endif
