/* input.h - turn input records (decoded NMEA, NOAA/DMA CSV rows, gpsd JSON lines) into engine records. */
#ifndef VIGIL_INPUT_H
#define VIGIL_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/fix.h"
#include "vigil/identity.h"

struct vigil_nmea_msg;

enum vigil_input_fmt {
	VIGIL_IN_UNKNOWN = 0,
	VIGIL_IN_NMEA,       /* !AIVDM/!AIVDO, with tag blocks, trailing epochs or $PGHP */
	VIGIL_IN_CSV_NOAA,   /* NOAA MarineCadastre AIS CSV (MMSI,BaseDateTime,LAT,LON,...) */
	VIGIL_IN_CSV_DMA,    /* Danish Maritime Authority AIS CSV (# Timestamp,Type of mobile,MMSI,...) */
	VIGIL_IN_GPSD        /* gpsd JSON lines ({"class":"AIS",...}) */
};

/* Guess the format from a file's first non-empty line. */
enum vigil_input_fmt vigil_input_sniff(const char *line, size_t len);

/* Name of a format ("nmea", "noaa-csv", "dma-csv", "gpsd-json", "unknown"). */
const char *vigil_input_fmt_name(enum vigil_input_fmt f);

/* One engine record. */
struct vigil_input_rec {
	int kind;                 /* 0 nothing, 1 fix, 2 static */
	union {                   /* the one kind names */
		struct vigil_fix fix;
		struct vigil_static st;
	};
	uint64_t dupkey;          /* content hash for duplicate detection */
};

/*
 * A decoded AIS message (from nmea.h, time already known: t_ms) to a record.
 * Positions: types 1, 2, 3, 18, 19 (also gives a static), 27; statics: 5, 24.
 * Other types give kind 0. out[0..2): a type 19 yields a fix and a static.
 * Returns how many records were written (0..2). Pure function.
 */
int vigil_input_ais(const struct vigil_nmea_msg *m, int64_t t_ms, struct vigil_input_rec out[2]);

/* CSV column map, from the header line. */
struct vigil_csv_map {
	enum vigil_input_fmt fmt;
	int ncols;
	int mmsi, time, lat, lon, sog, cog, heading, status, name, imo, callsign, shiptype, length, width,
	    draught, dest, cls, a, b, c, d;
};

/* Read the header line. VIGIL_E_OK, or VIGIL_E_CSV when required columns (MMSI, time, lat, lon) are missing. */
int vigil_input_csv_header(const char *line, size_t len, struct vigil_csv_map *m);

/*
 * One data row to up to two records (a position and, when the row carries
 * identity columns, a static). Returns the number written, or -1 for a
 * malformed row (count it and go on). Pure function.
 */
int vigil_input_csv_row(const struct vigil_csv_map *m, const char *line, size_t len, struct vigil_input_rec out[2]);

/*
 * One gpsd JSON line ("class":"AIS"; scaled (-j) or unscaled (-u) units).
 * The time comes from "rxtime", "timestamp" or "time" (ISO 8601 or Unix
 * seconds); when none is present, default_t_ms is used if it is not
 * INT64_MIN, else -2 is returned (no time source). Returns records written
 * (0..2) or -1 when the line is not valid JSON.
 */
int vigil_input_gpsd(const char *line, size_t len, int64_t default_t_ms, struct vigil_input_rec out[2]);

/*
 * Parse a time: ISO 8601 ("2024-03-08T05:36:32Z", fractions, offsets,
 * space instead of T), DMA "08/03/2024 05:36:32", or Unix seconds.
 * Returns ms since the epoch, or INT64_MIN.
 */
int64_t vigil_input_time(const char *s, size_t len);

#endif
