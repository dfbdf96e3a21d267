/* segment.h - split one MMSI's positions into physically plausible segments (GFW-style). */
#ifndef VIGIL_SEGMENT_H
#define VIGIL_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/fix.h"

/*
 * Each position is given to the open segment it best continues by dead
 * reckoning; a position no open segment can reach at max_knots opens a new
 * one. Segments silent for longer than max_gap_ms are closed. Two ships on
 * one MMSI, or a spoofed jump, so end up in different segments instead of
 * one zig-zag track. The idea is Global Fishing Watch's gpsdio-segment
 * (matcher.py); the scoring below is our own, see docs/detect.md.
 */
struct vigil_seg_params {
	double max_knots;       /* fastest plausible implied speed; 25 */
	int64_t max_gap_ms;     /* silence that closes a segment; 24 h */
	double buffer_hours;    /* padding of every time difference (clock and position noise); 0.25 */
	double penalty_hours;   /* dead reckoning is shortened for gaps around this long; 4 */
	double hours_exp;       /* exponent of that shortening; 0.5 */
	double penalty_knots;   /* dead-reckoning error speeds beyond this are strongly discouraged; 5 */
	double class_weight;    /* score factor when class A and class B positions would join; 0.1 */
	double ambiguity;       /* two segments scoring within this factor are ambiguous: both close; 10 */
	unsigned short_seg;     /* segments shorter than this many positions score lower; 20 (GFW: 10) */
	double t27_min_hours;   /* a type 27 position this close to its segment's last one is noise; 1 */
	unsigned max_open;      /* open segments kept per MMSI (the oldest is closed beyond); 16, at most VIGIL_SEG_MAXOPEN */
	int limit_penalized;    /* 0: the speed limit, the score's spread and its time base use the padded hours
	                         * sqrt(h^2 + buffer^2) (GFW 3.x); 1: the penalized hours
	                         * (h + buffer) / (1 + (h / penalty_hours)^(1 - hours_exp)), so the tolerated
	                         * dead-reckoning mismatch grows like sqrt(h) over long silences (GFW 0.19); 0 */
	double score_power;     /* the score is divided by those hours to this power; 1 (GFW 0.19: 2) */
};

#define VIGIL_SEG_MAXOPEN 32

/* Fill p with the defaults listed above. */
void vigil_seg_params_default(struct vigil_seg_params *p);

/*
 * Fill p with the parameters of GFW gpsdio-segment 0.19-dev (core.py at commit e80d8f5,
 * 2019-10-30, the code that labelled its tests/data/segmented-416000000.json):
 * 60 h max gap, 5 min buffer, 1 h penalty hours, limit_penalized 1, score_power 2,
 * penalty_knots 10, ambiguity 2, short_seg 10, no class or type 27 rule, 10 open
 * segments. Used to check vigil against labels that version produced; vigil's
 * defaults follow the current GFW matcher and the 24 h rule.
 */
void vigil_seg_params_gfw2019(struct vigil_seg_params *p);

/* An open (or just closed) segment of one MMSI. What every fix reads and writes comes first (64 bytes). */
struct vigil_seg {
	struct vigil_fix last;  /* last position (by time of arrival) */
	uint32_t id;            /* per MMSI, 1, 2, 3 ... in order of opening */
	uint32_t n;             /* positions assigned */
	uint32_t switches;      /* times the MMSI's stream switched into this segment from another */
	uint32_t parent;        /* open segment that could not reach this one's first fix (jump), or 0 */
	uint32_t parent_n_during; /* positions the parent received while this segment was open */
	float jump_knots;       /* implied speed from the parent's last fix to this one's first */
	int64_t parent_last_t;  /* parent's last fix time when this segment opened */
	uint8_t cls;            /* 'A', 'B' or 0: transponder class from the message types */
	struct vigil_fix first; /* first position */
};

/*
 * Per-MMSI segmenter state; the struct is caller-owned, the open-segment
 * array is malloc'd by the functions below (grown on demand up to max_open,
 * so a vessel with one track costs one segment) and freed by
 * vigil_seg_state_free.
 */
struct vigil_seg_state {
	uint32_t next_id;       /* id the next new segment gets */
	uint32_t cur;           /* segment of the previous position, 0 before any */
	uint32_t nopen, cap;
	struct vigil_seg *open;
};

/* What vigil_seg_add did with one position. */
struct vigil_seg_result {
	uint32_t seg;           /* segment it joined (also written to fix->seg) */
	int opened;             /* 1 when seg was opened by this fix */
	int jump;               /* 1 when an open segment existed but none could reach the fix */
	int ambiguous;          /* 1 when it opened a segment because two open ones fitted equally */
	int noise;              /* 1 when the fix was judged noise (seg 0; not stored) */
	const struct vigil_fix *prev; /* previous fix of the same segment (&prev_buf), or NULL */
	uint32_t nearest;       /* on a jump: the open segment with the latest fix */
	double implied_knots;   /* on a jump: implied speed from that segment's last fix */
	struct vigil_fix prev_buf; /* storage prev points to: it lives with the caller's result, not in
	                            * the per-MMSI state, so that state stays small (written only when
	                            * prev is set) */
};

/* Called for each segment the state closes; the segment is copied out first and may be kept. */
typedef void (*vigil_seg_close_fn)(void *ctx, const struct vigil_seg *seg);

/* Reset st to empty (allocates nothing). */
void vigil_seg_state_init(struct vigil_seg_state *st);

/* Free the open-segment array (without closing callbacks) and reset st. */
void vigil_seg_state_free(struct vigil_seg_state *st);

/*
 * Assign fix f (already cleaned, time in non-decreasing order per MMSI within
 * small disorder) to a segment: sets f->seg and fills *res. Segments that
 * become too old, or are evicted beyond max_open, are passed to on_close
 * (may be NULL) before the function returns. Returns VIGIL_E_OK, or
 * VIGIL_E_NOMEM when a new segment could not be stored (the fix then gets
 * seg 0 and st is unchanged).
 */
int vigil_seg_add(struct vigil_seg_state *st, const struct vigil_seg_params *p,
		   struct vigil_fix *f, struct vigil_seg_result *res,
		   vigil_seg_close_fn on_close, void *ctx);

/* Close every segment older than now_ms - max_gap_ms (all of them when now_ms is INT64_MAX). */
void vigil_seg_expire(struct vigil_seg_state *st, const struct vigil_seg_params *p, int64_t now_ms,
		      vigil_seg_close_fn on_close, void *ctx);

/*
 * Hint the CPU to fetch the open segment(s) of st (a separate allocation,
 * read by every vigil_seg_add) a few positions before st's next one is
 * added; st itself must be cheap to read by then. Reads only st.
 */
void vigil_seg_prefetch(const struct vigil_seg_state *st);

/* Look up an open segment by id; NULL when it is not open. Points into st. */
const struct vigil_seg *vigil_seg_find(const struct vigil_seg_state *st, uint32_t id);

/* Great-circle distance in nautical miles (spherical Earth, radius 3440.065 nm). */
double vigil_seg_dist_nm(double lat1, double lon1, double lat2, double lon2);

/* Transponder class of an AIS message type: 'A' (1,2,3,5,27), 'B' (18,19,24) or 0. */
int vigil_seg_class(unsigned msgtype);

#endif
