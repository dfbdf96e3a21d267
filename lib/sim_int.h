/* sim_int.h - the simulator's internal tables, shared by lib/sim*.c (not installed). */
#ifndef VIGIL__SIM_INT_H
#define VIGIL__SIM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/sim.h"

#define SIM_HOUR_MS 3600000LL
#define SIM_KM_PER_DEG 111.195   /* km per degree of latitude on the 6371 km sphere */
#define SIM_KN_KMH 1.852
#define SIM_RING 1024u            /* seconds in the calendar ring (a power of two) */
#define SIM_NIL 0xffffffffu

struct sim_port {
	char id[32];
	char name[48];
	double lat, lon;
	float radius_km;
	uint8_t interest;        /* a Russia/DPRK port of interest: its visits are required truth */
};

/* Built-in ports (lib/sim_ports.c): facts from the sources named there. */
extern const struct sim_port vigil__sim_ports[];
extern const size_t vigil__sim_nports;

enum { LEG_MOVE, LEG_DWELL };
enum { DW_PORT, DW_SEA, DW_MEET };

/* One piece of a true trajectory: a straight move or a dwell (drifting around a point). */
struct sim_leg {
	int64_t t0, t1;          /* ms, t1 > t0 */
	double lat0, lon0, lat1, lon1;
	float sog, cog;          /* moves: knots, degrees */
	float draught;           /* metres while on this leg */
	uint8_t kind;            /* LEG_MOVE / LEG_DWELL */
	uint8_t where;           /* dwells: DW_* */
	uint8_t status;          /* AIS navigational status */
	uint8_t loiter;          /* dwell flagged as loitering (truth) */
	int16_t port;            /* dwells in port: port index; else -1 */
	int16_t meeting;         /* dwells or moves of a meeting: meeting index; else -1 */
	float drift_m;           /* dwell: drift radius in metres */
	float drift_period_s;
	float phase;
};

/* A time window of a vessel: dark (AIS off) or spoofed (reported position moved). */
struct sim_win {
	int64_t t0, t1;          /* ms */
	double lat, lon;         /* spoof: where the reported position jumps to */
	int64_t rx_before;       /* last position received before t0 (ms; 0 = none) */
	int64_t rx_after;        /* first position received after t1 (ms; 0 = none) */
	uint32_t nrx;            /* positions received inside the window */
};

struct sim_ident {
	int64_t at;              /* ms; the first identity has INT64_MIN */
	uint32_t mmsi, imo;
	char name[21], callsign[8], flag[3];
};

struct sim_visit {
	int64_t t0, t1;          /* ms inside the port radius */
	int16_t port;
	uint8_t stop;            /* the vessel dwelt there (not only passing) */
	uint32_t nrx;            /* positions received during the visit */
};

struct sim_vessel {
	char id[24];
	struct sim_ident *ident;    /* [VIGIL_SIM_MAX_WINDOWS] declared, [1] random */
	uint8_t nident;
	uint8_t classb, background, fishing;
	uint8_t shiptype;
	uint16_t to_bow, to_stern;
	uint8_t to_port, to_starboard;
	char dest[21];           /* fixed destination, "" = next port's name */
	uint32_t true_imo;
	char true_name[21];
	char flag[3];            /* registered flag (ISO alpha-2) for the MID check */
	float speed;             /* cruising speed, knots */
	struct sim_leg *legs;
	uint32_t nlegs, cur;
	struct sim_win *dark, *spoof;  /* [VIGIL_SIM_MAX_WINDOWS] each; NULL for random vessels */
	uint8_t ndark, nspoof;
	struct sim_visit *visits;
	uint32_t nvisits;
	uint64_t rng;
	int64_t t_start, t_end;  /* ms: transmitting from/to */
	int64_t next_pos, next_static;
	uint8_t chan, seq;
	/* What the receivers got, for the truth. */
	int64_t first_rx, last_rx;
	uint64_t npos_rx, nstatic_rx;
	uint32_t vcur;           /* visit cursor */
};

struct sim_recv {
	char id[24];
	double lat, lon;
	float range_km;          /* 0 = hears everything (an aggregated feed) */
	float loss;              /* probability that one copy is lost */
	uint8_t satellite;
	int64_t (*win)[2];       /* shore: outages; satellite: passes (ms) */
	uint32_t nwin;
	uint32_t base_mmsi;      /* shore: base station MMSI sending type 4; 0 = none */
	int64_t base_every;      /* ms */
	int64_t next_base;
	unsigned char xor_s;     /* checksum of "s:<id>" for the tag block */
	uint32_t wcur;
};

struct sim_hole {
	char id[32];
	double min_lat, max_lat, min_lon, max_lon;
	uint8_t shore_only;      /* satellites still hear inside */
};

enum { MEET_STS, MEET_ANCHORED_PAIR, MEET_TUG, MEET_BUNKER, MEET_COMPANY };

struct sim_meeting {
	char id[32];
	uint8_t kind;
	double lat, lon, to_lat, to_lon;
	int64_t t0, t1;          /* ms */
	float sep_m;
	int16_t port;            /* in-port decoys: port index or -1 */
	uint32_t v[4];           /* vessel indexes */
	uint8_t nv;
	int64_t arr[4], dep[4];  /* actual arrival/departure per vessel (ms) */
	uint32_t nrx[4];
};

/* A silence caused by reception, not by the vessel: a decoy for gap detectors. */
struct sim_silence {
	uint32_t vessel;
	int64_t t0, t1;
	double lat0, lon0, lat1, lon1;
};

struct vigil_sim {
	char name[160];
	int64_t start, end;      /* ms */
	uint64_t seed;
	double region[4];        /* min_lat, max_lat, min_lon, max_lon */
	double rbox[4];          /* random vessels' region (same order); unset: built-in seas */
	double gap_min_h;        /* silences >= this are truth candidates (6) */
	double static_every_s;   /* 360 */
	double rate_scale;       /* multiplies every report interval (1) */
	uint8_t groups;          /* g: on multi-sentence messages (1) */
	uint8_t bg_truth;        /* few random vessels: their port visits and silences go into the truth */
	struct sim_port *ports;
	size_t nports;
	struct sim_vessel *v;
	size_t nv, ndeclared;
	struct sim_recv *recv;
	size_t nrecv;
	struct sim_hole *holes;
	size_t nholes;
	struct sim_meeting *meet;
	size_t nmeet;
	/* Run state. */
	/*
	 * The clock: a calendar queue of one-second buckets (a ring of
	 * SIM_RING seconds) holding emitters (id = 2*vessel, +1 for static
	 * data, then base stations) in FIFO lists linked through next[].
	 */
	int64_t *when;           /* per emitter: next transmission, ms */
	uint32_t *next;          /* per emitter: next in its bucket list */
	uint32_t *head, *tail;   /* per bucket */
	uint32_t pend, defer_h, defer_t;  /* list being processed; far entries to put back */
	int64_t sec;             /* current second */
	size_t nemit;
	uint32_t group;
	int done;
	struct vigil_sim_stats st;
	struct sim_silence *sil;
	size_t nsil, capsil;
	char *truth, *meta;
	size_t ntruth, nmeta;
};

/* splitmix64 step: the simulator's only source of randomness. */
static inline uint64_t vigil__sim_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double vigil__sim_unif(uint64_t *s)
{
	return (double)(vigil__sim_rand(s) >> 11) * (1.0 / 9007199254740992.0);
}

double vigil__sim_dist_km(double lat1, double lon1, double lat2, double lon2);
double vigil__sim_bearing(double lat1, double lon1, double lat2, double lon2);

/*
 * True state of vessel v at time t (ms): position, speed over ground, course,
 * status, draught, leg index. *hint is a leg cursor that only moves forward
 * for increasing t (pass a local copy to look back).
 */
void vigil__sim_state(const struct sim_vessel *v, int64_t t, uint32_t *hint, double *lat,
		      double *lon, double *sog, double *cog, const struct sim_leg **leg);

/* Identity in force at time t. */
const struct sim_ident *vigil__sim_ident(const struct sim_vessel *v, int64_t t);

/* Compute the port visits of declared vessels (after planning). */
int vigil__sim_visits(struct vigil_sim *s);

/* Prepare the run: heap of emitters, first report times. */
int vigil__sim_start(struct vigil_sim *s);

/* Build the truth and meta JSON (after the run). */
int vigil__sim_truth_build(struct vigil_sim *s);

#endif
