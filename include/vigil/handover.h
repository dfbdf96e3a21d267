/* handover.h - one ship, two MMSIs: a track that ends where another, new one begins. */
#ifndef VIGIL_HANDOVER_H
#define VIGIL_HANDOVER_H

#include <stddef.h>
#include <stdint.h>

/*
 * A ship that changes its MMSI, name and IMO at once (a fraudulent identity)
 * is linked by nothing it broadcasts. What links the two identities is the
 * track: the old MMSI falls silent for good and, shortly after, a new MMSI
 * that was never heard before first appears where the old one would be by
 * dead reckoning, at the same speed and course, with the same ship type or
 * dimensions. The search runs once over the tracks of the whole input (every
 * MMSI's first and last position), so that "never heard again" and "never
 * heard before" are facts, not guesses.
 */
struct vigil_handover_track {
	uint32_t mmsi;
	uint32_t imo;             /* last valid IMO broadcast, 0 none */
	uint32_t nfix;            /* positions accepted */
	int64_t t0, t1;           /* first and last position (ms UTC) */
	double lat0, lon0, sog0, cog0; /* first position; sog/cog NAN when not available */
	double lat1, lon1, sog1, cog1; /* last position */
	uint8_t shiptype;         /* 0 unknown */
	uint16_t length, width;   /* metres (bow + stern, port + starboard), 0 unknown */
};

struct vigil_handover_params {
	int64_t max_silence_ms;   /* longest silence between the old track's end and the new one's start; 2 h */
	int64_t edge_ms;          /* the new track starts this long after the input's first position, the old
				     one ends this long before its last (else they may be cut by the input); 1 h */
	uint32_t min_fixes;       /* positions each track needs; 5 */
	double min_sog;           /* both under way at the hand-over (knots); 3 */
	double max_sog_diff;      /* knots between the old's last and the new's first SOG; 3 */
	double max_cog_diff;      /* degrees between their COGs; 30 */
	double max_dr_km;         /* distance from the dead-reckoned position allowed at a silence of 0; 3 */
	double dr_frac;           /* ... plus this fraction of the distance sailed in the silence; 0.15 */
	int max_dim_diff;         /* metres the lengths and widths may differ; 2 */
};

void vigil_handover_params_default(struct vigil_handover_params *p);

struct vigil_handover_pair {
	size_t old_i, new_i;      /* indices into the tracks */
	double dr_km;             /* distance between the new first position and the old one dead-reckoned */
	double silence_min;       /* minutes between the old track's end and the new one's start */
	int same_type, same_dims; /* what the static reports agree on (at least one is 1) */
	double confidence;
};

/*
 * Find the hand-overs among n tracks of one input whose positions span
 * [first_ms, last_ms]. A pair is reported only when each of its tracks has
 * no other candidate (busy waters: ships leaving and joining coverage near
 * each other are left alone), and not when both broadcast the same IMO (that
 * link is reported as an identity change already). Writes at most cap pairs
 * to out, the count found to *nout (may exceed cap). Tracks are read only;
 * scratch memory is allocated and freed inside. VIGIL_E_OK, VIGIL_E_NOMEM,
 * or VIGIL_E_ARG (NULL pointers with n > 0).
 */
int vigil_handover_find(const struct vigil_handover_params *p, const struct vigil_handover_track *t, size_t n,
			int64_t first_ms, int64_t last_ms, struct vigil_handover_pair *out, size_t cap, size_t *nout);

#endif
