/* nmea.h - NMEA 0183 AIS line framing and multi-sentence reassembly (no I/O, no allocation). */
#ifndef VIGIL_NMEA_H
#define VIGIL_NMEA_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/ais.h"

/*
 * Input: one text line at a time (without its line terminator; a trailing CR
 * is ignored). A line may hold `!xxVDM` / `!xxVDO` sentences from any talker,
 * optionally preceded by one or more NMEA 4.0 tag blocks (`\s:..,c:..,g:..*hh\`),
 * optionally followed by provider fields after the checksum (exactEarth
 * `,<epoch>`, USCG `,rSTATION,<epoch>,...`), or a `$PGHP` Gatehouse header
 * whose time applies to the sentence that follows. Everything else is counted
 * and skipped.
 *
 * Output: each completed AIS message as its de-armored payload plus metadata.
 * The caller owns the context (a fixed-size struct, no heap) and the message.
 */

/* Reassembly table size: messages that may be in progress at the same time. */
#define VIGIL_NMEA_SLOTS 64
/* A partial message expires when this many sentences have passed since its last fragment... */
#define VIGIL_NMEA_MAX_AGE_SENTENCES 1000
/* ...or when receiver time has advanced this many ms past its last fragment (when both are known). */
#define VIGIL_NMEA_MAX_AGE_MS 120000
/* Station names (tag block s:, USCG rXXX) are truncated to this many bytes. */
#define VIGIL_NMEA_STATION_MAX 15

/* "Unknown" receiver time. */
#define VIGIL_NMEA_TIME_UNKNOWN INT64_MIN

/* Where a message's receiver time came from. */
enum vigil_nmea_time_src {
	VIGIL_NMEA_TIME_NONE = 0,
	VIGIL_NMEA_TIME_TAG,      /* tag block c: */
	VIGIL_NMEA_TIME_TRAILING, /* epoch appended after the checksum */
	VIGIL_NMEA_TIME_PGHP      /* Gatehouse $PGHP header line */
};

/* Counters; all only grow. `lines` counts every line fed. */
struct vigil_nmea_stats {
	uint64_t lines;
	uint64_t blank;          /* empty or whitespace-only lines */
	uint64_t sentences;      /* VDM/VDO sentences seen (well-formed or not) */
	uint64_t bad_checksum;   /* missing, non-hex or wrong sentence checksum */
	uint64_t bad_length;     /* bad fragment counts, empty/overlong payload, fill bits not 0..5 */
	uint64_t bad_char;       /* payload characters outside the six-bit armor set */
	uint64_t bad_channel;    /* channel field of more than one character */
	uint64_t bad_tagblock;   /* tag blocks that are unterminated or fail their checksum */
	uint64_t orphans;        /* fragments dropped: missing, out of order, expired, evicted */
	uint64_t other_nmea;     /* other well-framed NMEA sentences ($GPGGA, !AIALR...) */
	uint64_t pghp;           /* Gatehouse $PGHP headers */
	uint64_t junk;           /* anything else, including over-long lines reported by the caller */
	uint64_t messages;       /* completed messages */
	uint64_t by_type[64];    /* completed messages by the first six payload bits */
};

/* A completed message. Offsets are byte offsets of line starts as passed by the caller. */
struct vigil_nmea_msg {
	struct vigil_ais_payload payload;
	unsigned type;           /* first six bits of the payload (0..63) */
	char talker[3];          /* "AI", "AB", "BS"... NUL-terminated */
	uint8_t vdo;             /* 1 for VDO (own ship), 0 for VDM */
	char channel;            /* 'A', 'B', '1', '2'... or 0 when empty */
	uint8_t nfrags;          /* sentences the message came in */
	int64_t time_ms;         /* receiver time, ms since 1970 UTC, or VIGIL_NMEA_TIME_UNKNOWN */
	enum vigil_nmea_time_src time_src;
	char station[VIGIL_NMEA_STATION_MAX + 1]; /* tag block s: or USCG rXXX/bXXX; "" if none */
	uint64_t first_line, last_line;     /* 1-based line numbers of first and last sentence */
	uint64_t first_offset, last_offset; /* byte offsets of those lines */
};

/* One partial message in the reassembly table (internal; part of the context for sizing). */
struct vigil__nmea_slot {
	int64_t last_time;       /* receiver time at the last fragment, or unknown */
	uint8_t next;            /* fragment number expected next */
	uint8_t total;
	struct vigil_nmea_msg msg;
};

/* The framer's state. Initialise with vigil_nmea_init; no release needed. */
struct vigil_nmea_ctx {
	struct vigil_nmea_stats stats;
	uint64_t lineno;         /* lines fed so far */
	uint64_t nsent;          /* VDM/VDO sentences so far (the expiry clock) */
	int64_t now_ms;          /* receiver time of the current sentence, or unknown */
	int64_t pghp_ms;         /* pending $PGHP time for the next sentence, or unknown */
	int pghp_ck;             /* checksum the $PGHP announces for that sentence, or -1 */
	unsigned max_age;        /* sentences; default VIGIL_NMEA_MAX_AGE_SENTENCES */
	int64_t max_age_ms;      /* default VIGIL_NMEA_MAX_AGE_MS */
	unsigned nslots;         /* slots in use (table size); default VIGIL_NMEA_SLOTS */
	unsigned used;           /* occupied slots */
	const char *rest;        /* remainder of the current line (more sentences), or NULL */
	size_t rest_len;
	uint64_t rest_offset;
	uint64_t key[VIGIL_NMEA_SLOTS];  /* reassembly keys, 0 = free (kept apart for a fast scan) */
	uint64_t seen[VIGIL_NMEA_SLOTS]; /* sentence counter at each slot's last fragment */
	struct vigil__nmea_slot slot[VIGIL_NMEA_SLOTS];
};

/* Reset ctx to defaults (all counters zero, empty table). ctx is caller-owned. */
void vigil_nmea_init(struct vigil_nmea_ctx *ctx);

/*
 * Feed one line of `len` bytes starting at byte `offset` of the input. When a
 * message completes it is written to *out (caller-owned) and 1 is returned;
 * call again with line == NULL to continue with the rest of the same line (a
 * line may carry several sentences), until 0 is returned:
 *
 *     for (r = vigil_nmea_line(c, p, n, off, &m); r > 0; r = vigil_nmea_line(c, NULL, 0, 0, &m))
 *             use(&m);
 *
 * (ctx->rest is non-NULL exactly when such a continuation has work to do, so
 * a caller may skip the call when it is NULL.) The line is only read during
 * the calls: nothing points into it afterwards, except between a return of 1
 * and the NULL continuation. Bad input is counted
 * in ctx->stats, never an error.
 */
int vigil_nmea_line(struct vigil_nmea_ctx *ctx, const char *line, size_t len, uint64_t offset,
		    struct vigil_nmea_msg *out);

/*
 * Count a line the caller could not hold (longer than its buffer) as junk,
 * keeping line numbers right.
 */
void vigil_nmea_skip_line(struct vigil_nmea_ctx *ctx);

/*
 * Drop every partial message, counting its fragments as orphans (call at end
 * of input so that the stats are complete).
 */
void vigil_nmea_flush(struct vigil_nmea_ctx *ctx);

/*
 * Parse the fields of one tag block's content `s` (between the backslashes,
 * checksum included: "s:r1,c:1234*hh"). Returns 1 if the checksum is valid,
 * 0 otherwise; on success fills what is present: *time_ms (or unknown),
 * station (NUL-terminated, "" if none, VIGIL_NMEA_STATION_MAX+1 bytes),
 * group sequence/total/id (*g_total 0 when absent or malformed).
 */
int vigil_nmea_tagblock(const char *s, size_t len, int64_t *time_ms, char *station,
			unsigned *g_seq, unsigned *g_total, uint32_t *g_id);

/* Short name of a time source ("tag", "trailing", "pghp", "none"); static string. */
const char *vigil_nmea_time_src_name(enum vigil_nmea_time_src s);

#endif
