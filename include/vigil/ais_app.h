/* ais_app.h - binary application payloads of AIS types 6 and 8, decoded by DAC/FID as gpsd 3.22 does. */
#ifndef VIGIL_AIS_APP_H
#define VIGIL_AIS_APP_H

#include <stdint.h>

struct vigil_ais_payload;

/*
 * Which application payload a struct vigil_ais_app holds. The set is exactly
 * the DAC/FID pairs that gpsd 3.22 decodes (drivers/driver_ais.c); every other
 * pair, and those whose length gpsd refuses, decode to NONE and are printed as
 * raw data by the caller. T6 = addressed (type 6), T8 = broadcast (type 8).
 */
enum vigil_ais_app_kind {
	VIGIL_AIS_APP_NONE = 0,
	VIGIL_AIS_APP_T6_D1_F12,    /* IMO236 dangerous cargo indication */
	VIGIL_AIS_APP_T6_D1_F14,    /* IMO236 tidal window (93-bit elements) -> .tidal */
	VIGIL_AIS_APP_T6_D1_F15,    /* IMO236 extended static data: air draught -> .airdraught */
	VIGIL_AIS_APP_T6_D1_F16,    /* IMO236/289 persons on board -> .persons */
	VIGIL_AIS_APP_T6_D1_F18,    /* IMO289 clearance time to enter port */
	VIGIL_AIS_APP_T6_D1_F20,    /* IMO289 berthing data */
	VIGIL_AIS_APP_T6_D1_F25,    /* IMO289 dangerous cargo indication */
	VIGIL_AIS_APP_T6_D1_F28,    /* IMO289 route information, addressed -> .route */
	VIGIL_AIS_APP_T6_D1_F30,    /* IMO289 text description, addressed -> .text */
	VIGIL_AIS_APP_T6_D1_F32,    /* IMO289 tidal window (88-bit elements) -> .tidal */
	VIGIL_AIS_APP_T6_D200_F21,  /* Inland ETA at lock/bridge/terminal -> .inland_eta */
	VIGIL_AIS_APP_T6_D200_F22,  /* Inland RTA at lock/bridge/terminal -> .inland_eta */
	VIGIL_AIS_APP_T6_D200_F55,  /* Inland number of persons on board */
	VIGIL_AIS_APP_T6_D235_F10,  /* UK/ROI (DAC 235 or 250) AtoN monitoring data */
	VIGIL_AIS_APP_T8_D1_F11,    /* IMO236 meteorological/hydrological data */
	VIGIL_AIS_APP_T8_D1_F13,    /* IMO236 fairway closed */
	VIGIL_AIS_APP_T8_D1_F15,    /* IMO236 extended static data -> .airdraught */
	VIGIL_AIS_APP_T8_D1_F16,    /* IMO236/289 persons on board -> .persons */
	VIGIL_AIS_APP_T8_D1_F17,    /* IMO289 VTS-generated/synthetic targets */
	VIGIL_AIS_APP_T8_D1_F19,    /* IMO289 marine traffic signal */
	VIGIL_AIS_APP_T8_D1_F27,    /* IMO289 route information, broadcast -> .route */
	VIGIL_AIS_APP_T8_D1_F29,    /* IMO289 text description, broadcast -> .text */
	VIGIL_AIS_APP_T8_D1_F31,    /* IMO289 meteorological/hydrological data */
	VIGIL_AIS_APP_T8_D200_F10,  /* Inland static ship and voyage data */
	VIGIL_AIS_APP_T8_D200_F23,  /* Inland EMMA weather warning */
	VIGIL_AIS_APP_T8_D200_F24,  /* Inland water levels */
	VIGIL_AIS_APP_T8_D200_F40,  /* Inland signal status */
	VIGIL_AIS_APP__COUNT
};

/*
 * Caps on repeated elements: the most that fit in the longest payload gpsd
 * accepts for types 6/8 (1008 bits), so that no element gpsd would print is
 * ever dropped (gpsd declares smaller arrays but fills and prints past them).
 */
#define VIGIL_AIS_APP_MAXBITS 1008
#define VIGIL_AIS_APP_MAXTIDALS 11   /* F32: 97 + 88*u <= 1008; F14 (93 bits) gives 10 */
#define VIGIL_AIS_APP_MAXCARGOS 54   /* F25: 100 + 17*u < 1008 */
#define VIGIL_AIS_APP_MAXWAYPOINTS 31 /* F27/F28: a 5-bit count */
#define VIGIL_AIS_APP_MAXTARGETS 8   /* F17: 56 + 122*u <= 1008 */
#define VIGIL_AIS_APP_MAXGAUGES 4    /* DAC 200 F24: fixed 168-bit layout */
#define VIGIL_AIS_APP_MAXTEXT 157    /* F29: (1008 - 66) / 6 six-bit characters */

/*
 * Field notes: values are raw AIS integers as transmitted (no scaling);
 * strings are six-bit text cut at the first '@' and right-trimmed of spaces,
 * NUL-terminated. Positions: "lon3/lat3" fields are 1/1000 minute
 * (divide by 60000 for degrees), "lon4/lat4" 1/10000 minute (600000).
 */
struct vigil_ais_app_tidal {        /* T6 D1 F14 and F32 */
	uint32_t month, day;
	uint32_t ntidals;
	struct {
		int32_t lon, lat;   /* 1/1000 minute */
		uint32_t from_hour, from_min, to_hour, to_min;
		uint32_t cdir, cspeed;  /* degrees; 0.1 knot */
	} tidals[VIGIL_AIS_APP_MAXTIDALS];
};

struct vigil_ais_app_route {        /* T6 D1 F28 and T8 D1 F27 */
	uint32_t linkage, sender, rtype;
	uint32_t month, day, hour, minute;
	uint32_t duration;              /* minutes */
	uint32_t waycount;              /* as transmitted (0..31); all are decoded */
	struct {
		int32_t lon, lat;           /* 1/10000 minute */
	} waypoints[VIGIL_AIS_APP_MAXWAYPOINTS];
};

struct vigil_ais_app_text {         /* T6 D1 F30 and T8 D1 F29 */
	uint32_t linkage;
	char text[VIGIL_AIS_APP_MAXTEXT + 1];
};

struct vigil_ais_app_inland_eta {   /* T6 D200 F21 (ETA) and F22 (RTA) */
	char country[3], locode[4], section[6], terminal[6], hectometre[6];
	uint32_t month, day, hour, minute;
	uint32_t tugs, airdraught;      /* F21 only */
	uint32_t status;                /* F22 only: 0 operational .. 3 N/A */
};

struct vigil_ais_app_dgcargo236 {   /* T6 D1 F12 */
	char lastport[6];
	uint32_t lmonth, lday, lhour, lminute;
	char nextport[6];
	uint32_t nmonth, nday, nhour, nminute;
	char dangerous[21], imdcat[5];
	uint32_t unid, amount, unit;
};

struct vigil_ais_app_clearance {    /* T6 D1 F18 */
	uint32_t linkage, month, day, hour, minute;
	char portname[21], destination[6];
	int32_t lon, lat;               /* 1/1000 minute */
};

struct vigil_ais_app_berth {        /* T6 D1 F20 */
	uint32_t linkage, berth_length, berth_depth, position;
	uint32_t month, day, hour, minute;
	uint32_t availability;
	/* Service status codes, 2 bits each, in transmission (and gpsd print) order. */
	uint8_t services[26];
	char berth_name[21];
	int32_t berth_lon, berth_lat;   /* 1/1000 minute */
};

struct vigil_ais_app_dgcargo289 {   /* T6 D1 F25 */
	uint32_t unit, amount;
	uint32_t ncargos;
	struct {
		uint16_t code, subtype;
	} cargos[VIGIL_AIS_APP_MAXCARGOS];
};

struct vigil_ais_app_inland_pob {   /* T6 D200 F55 */
	uint32_t crew, passengers, personnel;
};

struct vigil_ais_app_aton_gla {     /* T6 D235/D250 F10 */
	uint32_t ana_int, ana_ext1, ana_ext2;  /* 0.05 V */
	uint32_t racon, light;
	uint8_t alarm, off_pos;
	uint32_t stat_ext;
};

struct vigil_ais_app_met236 {       /* T8 D1 F11: every field unsigned, offsets as in IMO236 */
	int32_t lat, lon;               /* 1/1000 minute */
	uint32_t day, hour, minute;
	uint32_t wspeed, wgust, wdir, wgustdir;
	uint32_t airtemp, humidity, dewpoint, pressure, pressuretend;
	uint32_t visibility, waterlevel, leveltrend;
	uint32_t cspeed, cdir, cspeed2, cdir2, cdepth2, cspeed3, cdir3, cdepth3;
	uint32_t waveheight, waveperiod, wavedir;
	uint32_t swellheight, swellperiod, swelldir;
	uint32_t seastate, watertemp, preciptype, salinity, ice;
};

struct vigil_ais_app_met289 {       /* T8 D1 F31 */
	int32_t lon, lat;               /* 1/1000 minute */
	uint8_t accuracy, visgreater;
	uint32_t day, hour, minute;
	uint32_t wspeed, wgust, wdir, wgustdir;
	int32_t airtemp;                /* 0.1 C, signed */
	uint32_t humidity;
	int32_t dewpoint;               /* 0.1 C, signed */
	uint32_t pressure, pressuretend;
	uint32_t visibility, waterlevel, leveltrend;
	uint32_t cspeed, cdir, cspeed2, cdir2, cdepth2, cspeed3, cdir3, cdepth3;
	uint32_t waveheight, waveperiod, wavedir;
	uint32_t swellheight, swellperiod, swelldir;
	uint32_t seastate;
	int32_t watertemp;              /* 0.1 C, signed */
	uint32_t preciptype, salinity, ice;
};

struct vigil_ais_app_fairway {      /* T8 D1 F13 */
	char reason[21], closefrom[21], closeto[21];
	uint32_t radius, extunit;
	uint32_t fday, fmonth, fhour, fminute;
	uint32_t tday, tmonth, thour, tminute;
};

struct vigil_ais_app_targets {      /* T8 D1 F17 */
	uint32_t ntargets;
	struct {
		uint32_t idtype;            /* 0 MMSI, 1 IMO, 2 callsign, 3 other */
		uint32_t id;                /* MMSI or IMO: low 32 bits of the 42-bit field */
		char idtext[8];             /* callsign or other: 7 six-bit characters */
		int32_t lat, lon;           /* 1/1000 minute */
		uint32_t course, second, speed;
	} targets[VIGIL_AIS_APP_MAXTARGETS];
};

struct vigil_ais_app_signal {       /* T8 D1 F19 */
	uint32_t linkage;
	char station[21];
	int32_t lon, lat;               /* 1/1000 minute */
	uint32_t status, signal, hour, minute, nextsignal;
};

struct vigil_ais_app_inland_static { /* T8 D200 F10 */
	char vin[9];
	uint32_t length, beam, shiptype, hazard, draught, loaded;
	uint8_t speed_q, course_q, heading_q;
};

struct vigil_ais_app_emma {         /* T8 D200 F23 */
	uint32_t start_year, start_month, start_day, start_hour, start_minute;
	uint32_t end_year, end_month, end_day, end_hour, end_minute;
	int32_t start_lon, start_lat, end_lon, end_lat;  /* 1/10000 minute */
	uint32_t type;
	int32_t min, max;
	uint32_t intensity, wind;
};

struct vigil_ais_app_levels {       /* T8 D200 F24 */
	char country[3];
	uint32_t ngauges;
	struct {
		uint32_t id;
		int32_t level;
	} gauges[VIGIL_AIS_APP_MAXGAUGES];
};

struct vigil_ais_app_signal_status { /* T8 D200 F40 */
	int32_t lon, lat;               /* 1/10000 minute */
	uint32_t form, facing, direction, status;
};

/* A decoded application payload: a tagged union, fixed size, caller-owned. */
struct vigil_ais_app {
	uint16_t dac, fid;
	uint16_t msgtype;               /* 6 or 8 */
	uint16_t kind;                  /* enum vigil_ais_app_kind; NONE: not decoded */
	union {
		uint32_t airdraught;        /* T6/T8 D1 F15 (decimetres) */
		uint32_t persons;           /* T6/T8 D1 F16 */
		struct vigil_ais_app_tidal tidal;
		struct vigil_ais_app_route route;
		struct vigil_ais_app_text text;
		struct vigil_ais_app_inland_eta inland_eta;
		struct vigil_ais_app_dgcargo236 dgcargo236;
		struct vigil_ais_app_clearance clearance;
		struct vigil_ais_app_berth berth;
		struct vigil_ais_app_dgcargo289 dgcargo289;
		struct vigil_ais_app_inland_pob inland_pob;
		struct vigil_ais_app_aton_gla aton_gla;
		struct vigil_ais_app_met236 met236;
		struct vigil_ais_app_met289 met289;
		struct vigil_ais_app_fairway fairway;
		struct vigil_ais_app_targets targets;
		struct vigil_ais_app_signal signal;
		struct vigil_ais_app_inland_static inland_static;
		struct vigil_ais_app_emma emma;
		struct vigil_ais_app_levels levels;
		struct vigil_ais_app_signal_status signal_status;
	} u;
};

/*
 * Decode the application payload of a type 6 or 8 message whose whole
 * message bits (from bit 0, the message type) are in p. Fills out->dac, fid
 * and msgtype in every case. Returns 1 when the DAC/FID (and its length) is
 * one gpsd 3.22 decodes, with out->kind and out->u set; 0 otherwise (kind
 * NONE, out->u zeroed; callers then print the raw bits). Never reads past
 * p's buffer. Fields beyond a short payload read what the buffer holds past
 * nbits, i.e. the fill bits and then zeros, exactly as gpsd does. Payloads
 * longer than VIGIL_AIS_APP_MAXBITS or shorter than the type's header
 * (88 bits for type 6, 56 for type 8) give 0. No allocation; caller owns
 * p and out.
 */
int vigil_ais_app_decode(const struct vigil_ais_payload *p, unsigned msgtype,
			 struct vigil_ais_app *out);

#endif
