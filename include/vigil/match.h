/* match.h - screening: vessels by IMO/MMSI/call sign and names; people and organisations by name, explained. */
#ifndef VIGIL_MATCH_H
#define VIGIL_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/entity.h"
#include "vigil/names.h"

/* Default score a hit must reach (see docs/screening.md for how it was chosen). */
#define VIGIL_MATCH_THRESHOLD 0.72

/* What a query holds. Any field may be empty (NULL / 0). */
struct vigil_query {
	const char *name;          /* a name in any script */
	const char *const *names;  /* more names (a vessel's names over time), n_names of them */
	size_t n_names;
	int schema;                /* enum vigil_schema, 0 = any */
	uint32_t imo, mmsi;
	const char *callsign;
};

struct vigil_match_opts {
	double threshold;  /* hits below are not returned unless keep_below; default VIGIL_MATCH_THRESHOLD */
	size_t limit;      /* at most this many hits, default 10 */
	int keep_below;    /* 1: also return the best candidates under the threshold (for evaluation) */
};

/* How a hit was found (bit set). */
#define VIGIL_BY_IMO 1
#define VIGIL_BY_MMSI 2
#define VIGIL_BY_CALLSIGN 4
#define VIGIL_BY_NAME 8

struct vigil_hit {
	uint32_t entity;           /* index in the index */
	double score;              /* 0..1: ids exact -> 1.0, else the name score */
	double name_score;         /* best name score (0 when no name compared) */
	int ofac_score;            /* OFAC-style 0..100 on the best name pair */
	unsigned by;               /* VIGIL_BY_* */
	int imo_conflict;          /* both sides have valid IMO numbers and they differ */
	const char *list_name;     /* the entity's name that matched best (index-owned) */
	int list_name_kind;        /* enum vigil_name_kind */
	const char *query_name;    /* the query name that matched best (caller-owned, from the query) */
	struct vigil_name_expl expl;  /* token pairs and per-feature scores */
	struct vigil_pname qform, lform; /* the two prepared forms the explanation indexes */
};

struct vigil_matcher;
struct vigil_translit;

/*
 * Build the search structures over every entity of ix. ix and tr must outlive
 * the matcher (both are borrowed; tr is used by queries, so one matcher per
 * thread). Returns NULL with *err (VIGIL_E_NOMEM, VIGIL_E_FULL).
 */
struct vigil_matcher *vigil_matcher_new(const struct vigil_index *ix, struct vigil_translit *tr, int *err);
void vigil_matcher_free(struct vigil_matcher *m);

/*
 * Screen one query. Writes up to cap hits into hits (caller-owned), best
 * first, and the number written into *n. Returns VIGIL_E_OK or VIGIL_E_INVAL
 * (empty query). The matcher's scratch memory makes it not reentrant.
 */
int vigil_match(struct vigil_matcher *m, const struct vigil_query *q, const struct vigil_match_opts *o,
		struct vigil_hit *hits, size_t cap, size_t *n);

/*
 * Flags the lists record for a vessel IMO number: writes up to cap distinct
 * flag strings (index-owned) into out and returns how many were found.
 */
size_t vigil_match_flags_for_imo(const struct vigil_matcher *m, uint32_t imo, const char **out, size_t cap);

/*
 * Entities linked to entity e (OFAC "Linked To", owners, managers) that can be
 * found by name in the same source set: writes up to cap entity ids, returns
 * the number found. Links not found stay readable in e->links.
 */
size_t vigil_match_links(const struct vigil_matcher *m, uint32_t e, uint32_t *out, size_t cap);

/*
 * One-line human explanation of a hit into buf (caller-owned), e.g.
 * "imo 9179842 exact; name 'angara'='angara' exact 1.00". Returns its length.
 */
size_t vigil_hit_explain(const struct vigil_hit *h, char *buf, size_t cap);

/* Name of a token rule (VIGIL_HOW_*): "exact", "skeleton", "korean"... */
const char *vigil_how_name(int how);

/*
 * Internal (for tests): an upper bound on vigil_names_compare(a, b) that does
 * not compare the tokens in full; the matcher skips the comparison of a
 * candidate whose bound is below the threshold. Pure function.
 */
double vigil__name_bound(const struct vigil_pname *a, const struct vigil_pname *b);

/* Memory held by the matcher's tables, in bytes. */
size_t vigil_matcher_bytes(const struct vigil_matcher *m);

#endif
