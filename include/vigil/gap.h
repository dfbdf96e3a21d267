/* gap.h - reception coverage grid and the judgement of a silence: dark period or coverage hole. */
#ifndef VIGIL_GAP_H
#define VIGIL_GAP_H

#include <stdint.h>

/*
 * The coverage grid remembers, per 0.2 degree cell (about 22 km) and per UTC
 * hour, whether any vessel was heard there, for the last VIGIL_COVER_HOURS
 * hours. A silent vessel whose neighbourhood (its cell and the 8 around it,
 * within about 30 km: well inside a shore station's AIS range) kept being
 * heard was not in a coverage hole.
 * Only cells where something was heard are stored, in an open-addressing
 * table that starts at VIGIL_COVER_SLOTS0 slots (20 bytes each) and doubles
 * up to VIGIL_COVER_MAXSLOTS (10 MB; a theatre the size of the Sea of Japan
 * plus the Yellow and East China Seas is about 15,000 cells). When it is full,
 * cells last heard more than 2 x VIGIL_COVER_HOURS before the newest mark are
 * forgotten (counted in evicted; one pass per hour of data at most); if that
 * frees no room the mark is dropped
 * and counted in overflow (its silences then read as coverage holes: no gap
 * event, never a false one).
 */
#define VIGIL_COVER_HOURS 96
#define VIGIL_COVER_DEG 0.2
#define VIGIL_COVER_SLOTS0 4096u
#define VIGIL_COVER_MAXSLOTS (1u << 19)

struct vigil_cover_cell {
	uint32_t key;        /* row * columns + column + 1; 0 = empty slot */
	int32_t last_hour;   /* newest hour recorded (hours since the epoch), 0 = never */
	uint32_t bits[3];    /* bit (hour % 96) */
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

/* Record that something was heard at (lat, lon) at t_ms. */
void vigil_cover_mark(struct vigil_cover *c, double lat, double lon, int64_t t_ms);

/* 1 when anything was heard within one cell of (lat, lon) during the UTC hour containing t_ms. */
int vigil_cover_heard(const struct vigil_cover *c, double lat, double lon, int64_t t_ms);

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
	char path_hours[97];  /* per checked hour: '1' someone heard near the path position, '0' not (capped) */
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
};

void vigil_gap_params_default(struct vigil_gap_params *p);

/*
 * Judge the silence between (t0, lat0, lon0, sog0, cog0) and (t1, lat1, lon1).
 * sog0/cog0 may be NAN. Pure function over the grid.
 */
void vigil_gap_judge(const struct vigil_cover *c, const struct vigil_gap_params *p,
		     int64_t t0, double lat0, double lon0, double sog0, double cog0,
		     int64_t t1, double lat1, double lon1, struct vigil_gap_judgement *j);

#endif
