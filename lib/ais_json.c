/* ais_json.c - struct vigil_ais_msg to gpsd JSON, byte-identical to gpsdecode 3.22 (-j and -u -j). */
#include <math.h>
#include <string.h>

#include "vigil/ais.h"
#include "ais_app_json.h"
#include "jbuf.h"

/* Legends as gpsd 3.22 prints them (gpsd_json.c), spelling included. */
static const char *const status_text[16] = {
	"Under way using engine", "At anchor", "Not under command",
	"Restricted manoeuverability", "Constrained by her draught", "Moored",
	"Aground", "Engaged in fishing", "Under way sailing", "Reserved for HSC",
	"Reserved for WIG", "Reserved", "Reserved", "Reserved", "Reserved",
	"Not defined",
};

static const char *const epfd_text[9] = {
	"Undefined", "GPS", "GLONASS", "Combined GPS/GLONASS", "Loran-C", "Chayka",
	"Integrated navigation system", "Surveyed", "Galileo",
};

/* Ship and cargo type legends; groups of ten share a prefix. */
#define G(p) p " - all ships of this type", p " - Hazardous category A", \
	p " - Hazardous category B", p " - Hazardous category C", \
	p " - Hazardous category D", p " - Reserved for future use", \
	p " - Reserved for future use", p " - Reserved for future use", \
	p " - Reserved for future use"
static const char *const shiptype_full[100] = {
	"Not available",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use",
	G("Wing in ground (WIG)"), "Wing in ground (WIG) - Reserved for future use",
	"Fishing", "Towing", "Towing: length exceeds 200m or breadth exceeds 25m",
	"Dredging or underwater ops", "Diving ops", "Military ops", "Sailing",
	"Pleasure Craft", "Reserved", "Reserved",
	G("High speed craft (HSC)"), "High speed craft (HSC) - No additional information",
	"Pilot Vessel", "Search and Rescue vessel", "Tug", "Port Tender",
	"Anti-pollution equipment", "Law Enforcement", "Spare - Local Vessel",
	"Spare - Local Vessel", "Medical Transport", "Ship according to RR Resolution No. 18",
	G("Passenger"), "Passenger - No additional information",
	G("Cargo"), "Cargo - No additional information",
	G("Tanker"), "Tanker - No additional information",
	G("Other Type"), "Other Type - no additional information",
};
#undef G

static const char *const station_text[16] = {
	"All types of mobiles", "Reserved for future use",
	"All types of Class B mobile stations", "SAR airborne mobile station",
	"Aid to Navigation station", "Class B shipborne mobile station",
	"Regional use and inland waterways", "Regional use and inland waterways",
	"Regional use and inland waterways", "Regional use and inland waterways",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
	"Reserved for future use", "Reserved for future use", "Reserved for future use",
};

static const char *const navaid_text[32] = {
	"Unspecified", "Reference point", "RACON", "Fixed offshore structure",
	"Spare, Reserved for future use.", "Light, without sectors",
	"Light, with sectors", "Leading Light Front", "Leading Light Rear",
	"Beacon, Cardinal N", "Beacon, Cardinal E", "Beacon, Cardinal S",
	"Beacon, Cardinal W", "Beacon, Port hand", "Beacon, Starboard hand",
	"Beacon, Preferred Channel port hand", "Beacon, Preferred Channel starboard hand",
	"Beacon, Isolated danger", "Beacon, Safe water", "Beacon, Special mark",
	"Cardinal Mark N", "Cardinal Mark E", "Cardinal Mark S", "Cardinal Mark W",
	"Port hand Mark", "Starboard hand Mark", "Preferred Channel Port hand",
	"Preferred Channel Starboard hand", "Isolated danger", "Safe Water",
	"Special Mark", "Light Vessel / LANBY / Rigs",
};

const char *vigil_ais_status_text(unsigned status)
{
	return status < 16 ? status_text[status] : "Not defined";
}

const char *vigil_ais_shiptype_text(unsigned shiptype)
{
	return shiptype < 100 ? shiptype_full[shiptype] : "INVALID SHIP TYPE";
}

const char *vigil_ais_epfd_text(unsigned epfd)
{
	return epfd < 9 ? epfd_text[epfd] : "INVALID EPFD";
}

#define LIT(s) vigil__jb_lit(jb, s)
#define UNS(v) vigil__jb_putu(jb, (unsigned long long)(v))
#define SGN(v) vigil__jb_puti(jb, (long long)(v))
#define BOOL(v) do { if (v) LIT("true"); else LIT("false"); } while (0)
#define TXT(s) vigil__jb_raw(jb, (s), strlen(s))
/* A six-bit string member's body: only '"' and '\\' can need escaping. */
#define STR(s) vigil__jb_putesc(jb, (s), sizeof(s))
#define RATIO(x, div, dec) vigil__jb_putratio(jb, (long long)(x), (div), (dec))

/* v with at least `width` digits, zero-padded (printf "%0*u"). */
static void put_pad(struct vigil__jbuf *jb, unsigned v, unsigned width)
{
	if (width == 4) {
		if (v < 10)
			LIT("000");
		else if (v < 100)
			LIT("00");
		else if (v < 1000)
			LIT("0");
	} else if (v < 10) {
		LIT("0");
	}
	UNS(v);
}

/* lon/lat of types 1-4, 9, 11, 18, 19, 21: 1/600000 degree. */
static void put_latlon(struct vigil__jbuf *jb, int32_t v, int scaled)
{
	if (scaled)
		RATIO(v, 600000, 6);
	else
		SGN(v);
}

/* 0.1 units as %.1f when scaled. */
static void put_tenths(struct vigil__jbuf *jb, unsigned v, int scaled)
{
	if (scaled)
		RATIO(v, 10, 1);
	else
		UNS(v);
}

/* Channel/group area corners: scaled they are quoted "%f" strings in gpsd. */
static void put_area(struct vigil__jbuf *jb, int32_t ne_lon, int32_t ne_lat,
		     int32_t sw_lon, int32_t sw_lat, int scaled)
{
	if (scaled) {
		LIT(",\"ne_lon\":\"");
		RATIO(ne_lon, 600, 6);
		LIT("\",\"ne_lat\":\"");
		RATIO(ne_lat, 600, 6);
		LIT("\",\"sw_lon\":\"");
		RATIO(sw_lon, 600, 6);
		LIT("\",\"sw_lat\":\"");
		RATIO(sw_lat, 600, 6);
		LIT("\"");
	} else {
		LIT(",\"ne_lon\":");
		SGN(ne_lon);
		LIT(",\"ne_lat\":");
		SGN(ne_lat);
		LIT(",\"sw_lon\":");
		SGN(sw_lon);
		LIT(",\"sw_lat\":");
		SGN(sw_lat);
	}
}

static void put_dims(struct vigil__jbuf *jb, unsigned bow, unsigned stern,
		     unsigned port, unsigned starboard)
{
	LIT(",\"to_bow\":");
	UNS(bow);
	LIT(",\"to_stern\":");
	UNS(stern);
	LIT(",\"to_port\":");
	UNS(port);
	LIT(",\"to_starboard\":");
	UNS(starboard);
}

static void put_epfd(struct vigil__jbuf *jb, unsigned epfd)
{
	LIT(",\"epfd\":");
	UNS(epfd);
	LIT(",\"epfd_text\":\"");
	TXT(vigil_ais_epfd_text(epfd));
	LIT("\"");
}

static void put_shiptype(struct vigil__jbuf *jb, unsigned t)
{
	LIT(",\"shiptype\":");
	UNS(t);
	LIT(",\"shiptype_text\":\"");
	TXT(vigil_ais_shiptype_text(t));
	LIT("\"");
}

static void put_data(struct vigil__jbuf *jb, unsigned bitcount, const uint8_t *data)
{
	LIT(",\"data\":\"");
	UNS(bitcount);
	LIT(":");
	vigil__jb_puthex(jb, data, (bitcount + 7) / 8);
	LIT("\"");
}

static void json_pos(struct vigil__jbuf *jb, const struct vigil_ais_pos *t, int scaled)
{
	LIT(",\"status\":");
	UNS(t->status);
	LIT(",\"status_text\":\"");
	TXT(status_text[t->status & 15]);
	LIT("\",\"turn\":");
	if (!scaled) {
		SGN(t->turn);
	} else if (t->turn == -128) {
		LIT("\"nan\"");
	} else if (t->turn == -127) {
		LIT("\"fastleft\"");
	} else if (t->turn == 127) {
		LIT("\"fastright\"");
	} else {
		/*
		 * ROT = (ROT_AIS / 4.733)^2 degrees a minute, negative to port.
		 * gpsd 3.22 drops the sign; vigil keeps it (docs/gpsd-differences.md).
		 */
		double r = t->turn / 4.733;
		double v = rint(r * r);
		if (t->turn < 0 && v != 0)
			LIT("-");
		UNS((unsigned)v);
	}
	LIT(",\"speed\":");
	if (!scaled)
		UNS(t->speed);
	else if (t->speed == 1023)
		LIT("\"nan\"");
	else if (t->speed == 1022)
		LIT("\"fast\"");
	else
		RATIO(t->speed, 10, 1);
	LIT(",\"accuracy\":");
	BOOL(t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	LIT(",\"course\":");
	put_tenths(jb, t->course, scaled);
	LIT(",\"heading\":");
	UNS(t->heading);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"maneuver\":");
	UNS(t->maneuver);
	LIT(",\"raim\":");
	BOOL(t->raim);
	LIT(",\"radio\":");
	UNS(t->radio);
}

static void json_base(struct vigil__jbuf *jb, const struct vigil_ais_base *t, int scaled)
{
	LIT(",\"timestamp\":\"");
	put_pad(jb, t->year, 4);
	LIT("-");
	put_pad(jb, t->month, 2);
	LIT("-");
	put_pad(jb, t->day, 2);
	LIT("T");
	put_pad(jb, t->hour, 2);
	LIT(":");
	put_pad(jb, t->minute, 2);
	LIT(":");
	put_pad(jb, t->second, 2);
	LIT("Z\",\"accuracy\":");
	BOOL(t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	put_epfd(jb, t->epfd);
	LIT(",\"raim\":");
	BOOL(t->raim);
	LIT(",\"radio\":");
	UNS(t->radio);
}

static void json_static(struct vigil__jbuf *jb, const struct vigil_ais_static *t, int scaled)
{
	LIT(",\"imo\":");
	UNS(t->imo);
	LIT(",\"ais_version\":");
	UNS(t->ais_version);
	LIT(",\"callsign\":\"");
	STR(t->callsign);
	LIT("\",\"shipname\":\"");
	STR(t->shipname);
	LIT("\"");
	put_shiptype(jb, t->shiptype);
	put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	put_epfd(jb, t->epfd);
	LIT(",\"eta\":\"");
	put_pad(jb, t->month, 2);
	LIT("-");
	put_pad(jb, t->day, 2);
	LIT("T");
	put_pad(jb, t->hour, 2);
	LIT(":");
	put_pad(jb, t->minute, 2);
	LIT("Z\",\"draught\":");
	put_tenths(jb, t->draught, scaled);
	LIT(",\"destination\":\"");
	STR(t->destination);
	LIT("\",\"dte\":");
	UNS(t->dte);
}

static void json_binary(struct vigil__jbuf *jb, unsigned type,
			const struct vigil_ais_binary *t, int scaled)
{
	if (type == 6) {
		LIT(",\"seqno\":");
		UNS(t->seqno);
		LIT(",\"dest_mmsi\":");
		UNS(t->dest_mmsi);
		LIT(",\"retransmit\":");
		BOOL(t->retransmit);
	}
	LIT(",\"dac\":");
	UNS(t->dac);
	LIT(",\"fid\":");
	UNS(t->fid);
	if (t->structured)
		vigil__ais_app_json(&t->app, scaled, jb);
	else
		put_data(jb, t->bitcount, t->data);
}

static void json_sar(struct vigil__jbuf *jb, const struct vigil_ais_sar *t, int scaled)
{
	LIT(",\"alt\":");
	if (scaled && t->alt == 4095)
		LIT("\"nan\"");
	else if (scaled && t->alt == 4094)
		LIT("\"high\"");
	else
		UNS(t->alt);
	LIT(",\"speed\":");
	if (scaled && t->speed == 1023)
		LIT("\"nan\"");
	else if (scaled && t->speed == 1022)
		LIT("\"fast\"");
	else
		UNS(t->speed);
	LIT(",\"accuracy\":");
	BOOL(t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	LIT(",\"course\":");
	put_tenths(jb, t->course, scaled);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"regional\":");
	UNS(t->regional);
	LIT(",\"dte\":");
	UNS(t->dte);
	LIT(",\"raim\":");
	BOOL(t->raim);
	LIT(",\"radio\":");
	UNS(t->radio);
}

static void json_classb(struct vigil__jbuf *jb, unsigned type,
			const struct vigil_ais_classb *t, int scaled, int assigned)
{
	LIT(",\"reserved\":");
	UNS(t->reserved);
	LIT(",\"speed\":");
	put_tenths(jb, t->speed, scaled);
	LIT(",\"accuracy\":");
	BOOL(t->accuracy);
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	LIT(",\"course\":");
	put_tenths(jb, t->course, scaled);
	LIT(",\"heading\":");
	UNS(t->heading);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"regional\":");
	UNS(t->regional);
	if (type == 18) {
		LIT(",\"cs\":");
		BOOL(t->cs);
		LIT(",\"display\":");
		BOOL(t->display);
		LIT(",\"dsc\":");
		BOOL(t->dsc);
		LIT(",\"band\":");
		BOOL(t->band);
		LIT(",\"msg22\":");
		BOOL(t->msg22);
		if (assigned) {
			LIT(",\"assigned\":");
			BOOL(t->assigned);
		}
		LIT(",\"raim\":");
		BOOL(t->raim);
		LIT(",\"radio\":");
		UNS(t->radio);
		return;
	}
	LIT(",\"shipname\":\"");
	STR(t->shipname);
	LIT("\"");
	put_shiptype(jb, t->shiptype);
	put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	put_epfd(jb, t->epfd);
	LIT(",\"raim\":");
	BOOL(t->raim);
	LIT(",\"dte\":");
	UNS(t->dte);
	LIT(",\"assigned\":");
	BOOL(t->assigned);
}

static void json_aton(struct vigil__jbuf *jb, const struct vigil_ais_aton *t,
		      int scaled, int assigned)
{
	LIT(",\"aid_type\":");
	UNS(t->aid_type);
	LIT(",\"aid_type_text\":\"");
	TXT(navaid_text[t->aid_type & 31]);
	LIT("\",\"name\":\"");
	STR(t->name);
	LIT("\"");
	/* gpsd puts accuracy after the position when scaled, before it when not. */
	if (!scaled) {
		LIT(",\"accuracy\":");
		BOOL(t->accuracy);
	}
	LIT(",\"lon\":");
	put_latlon(jb, t->lon, scaled);
	LIT(",\"lat\":");
	put_latlon(jb, t->lat, scaled);
	if (scaled) {
		LIT(",\"accuracy\":");
		BOOL(t->accuracy);
	}
	put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	put_epfd(jb, t->epfd);
	LIT(",\"second\":");
	UNS(t->second);
	LIT(",\"regional\":");
	UNS(t->regional);
	LIT(",\"off_position\":");
	BOOL(t->off_position);
	LIT(",\"raim\":");
	BOOL(t->raim);
	LIT(",\"virtual_aid\":");
	BOOL(t->virtual_aid);
	if (assigned) {
		LIT(",\"assigned\":");
		BOOL(t->assigned);
	}
}

static void json_static24(struct vigil__jbuf *jb, uint32_t mmsi,
			  const struct vigil_ais_static24 *t)
{
	if (t->part == VIGIL_AIS24_A)
		LIT(",\"part\":\"A\"");
	else if (t->part == VIGIL_AIS24_B)
		LIT(",\"part\":\"B\"");
	if (t->part != VIGIL_AIS24_B) {
		LIT(",\"shipname\":\"");
		STR(t->shipname);
		LIT("\"");
	}
	if (t->part == VIGIL_AIS24_A)
		return;
	put_shiptype(jb, t->shiptype);
	LIT(",\"vendorid\":\"");
	STR(t->vendorid);
	LIT("\",\"model\":");
	UNS(t->model);
	LIT(",\"serial\":");
	UNS(t->serial);
	LIT(",\"callsign\":\"");
	STR(t->callsign);
	LIT("\"");
	if (mmsi / 10000000 == 98) {
		LIT(",\"mothership_mmsi\":");
		UNS(t->mothership_mmsi);
	} else {
		put_dims(jb, t->to_bow, t->to_stern, t->to_port, t->to_starboard);
	}
}

static void json_slotbin(struct vigil__jbuf *jb, unsigned type, const struct vigil_ais_slotbin *t)
{
	LIT(",\"addressed\":");
	BOOL(t->addressed);
	LIT(",\"structured\":");
	BOOL(t->structured);
	LIT(",\"dest_mmsi\":");
	UNS(t->dest_mmsi);
	LIT(",\"app_id\":");
	UNS(t->app_id);
	put_data(jb, t->bitcount, t->data);
	if (type == 26) {
		LIT(",\"radio\":");
		UNS(t->radio);
	}
}

static void json_body(struct vigil__jbuf *jb, const struct vigil_ais_msg *m, int scaled,
		      int assigned)
{
	unsigned i;

	switch (m->type) {
	case 1: case 2: case 3:
		json_pos(jb, &m->u.pos, scaled);
		break;
	case 4: case 11:
		json_base(jb, &m->u.base, scaled);
		break;
	case 5:
		json_static(jb, &m->u.t5, scaled);
		break;
	case 6: case 8:
		json_binary(jb, m->type, &m->u.bin, scaled);
		break;
	case 7: case 13:
		for (i = 0; i < 4; i++) {
			LIT(",\"mmsi");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.ack.mmsi[i]);
		}
		break;
	case 9:
		json_sar(jb, &m->u.sar, scaled);
		break;
	case 10:
		LIT(",\"dest_mmsi\":");
		UNS(m->u.inquiry.dest_mmsi);
		break;
	case 12:
		LIT(",\"seqno\":");
		UNS(m->u.safety.seqno);
		LIT(",\"dest_mmsi\":");
		UNS(m->u.safety.dest_mmsi);
		LIT(",\"retransmit\":");
		BOOL(m->u.safety.retransmit);
		/* fall through */
	case 14:
		LIT(",\"text\":\"");
		STR(m->u.safety.text);
		LIT("\"");
		break;
	case 15: {
		const struct vigil_ais_interrogation *t = &m->u.interrogation;
		LIT(",\"mmsi1\":");
		UNS(t->mmsi1);
		LIT(",\"type1_1\":");
		UNS(t->type1_1);
		LIT(",\"offset1_1\":");
		UNS(t->offset1_1);
		LIT(",\"type1_2\":");
		UNS(t->type1_2);
		LIT(",\"offset1_2\":");
		UNS(t->offset1_2);
		LIT(",\"mmsi2\":");
		UNS(t->mmsi2);
		LIT(",\"type2_1\":");
		UNS(t->type2_1);
		LIT(",\"offset2_1\":");
		UNS(t->offset2_1);
		break;
	}
	case 16: {
		const struct vigil_ais_assign *t = &m->u.assign;
		LIT(",\"mmsi1\":");
		UNS(t->mmsi1);
		LIT(",\"offset1\":");
		UNS(t->offset1);
		LIT(",\"increment1\":");
		UNS(t->increment1);
		LIT(",\"mmsi2\":");
		UNS(t->mmsi2);
		LIT(",\"offset2\":");
		UNS(t->offset2);
		LIT(",\"increment2\":");
		UNS(t->increment2);
		break;
	}
	case 17:
		LIT(",\"lon\":");
		if (scaled)
			RATIO(m->u.dgnss.lon, 600, 1);
		else
			SGN(m->u.dgnss.lon);
		LIT(",\"lat\":");
		if (scaled)
			RATIO(m->u.dgnss.lat, 600, 1);
		else
			SGN(m->u.dgnss.lat);
		put_data(jb, m->u.dgnss.bitcount, m->u.dgnss.data);
		break;
	case 18: case 19:
		json_classb(jb, m->type, &m->u.classb, scaled, assigned);
		break;
	case 20:
		for (i = 0; i < 4; i++) {
			LIT(",\"offset");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.offset[i]);
			LIT(",\"number");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.number[i]);
			LIT(",\"timeout");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.timeout[i]);
			LIT(",\"increment");
			UNS(i + 1);
			LIT("\":");
			UNS(m->u.datalink.increment[i]);
		}
		break;
	case 21:
		json_aton(jb, &m->u.aton, scaled, assigned);
		break;
	case 22: {
		const struct vigil_ais_channel *t = &m->u.channel;
		LIT(",\"channel_a\":");
		UNS(t->channel_a);
		LIT(",\"channel_b\":");
		UNS(t->channel_b);
		LIT(",\"txrx\":");
		UNS(t->txrx);
		LIT(",\"power\":");
		BOOL(t->power);
		if (t->addressed) {
			LIT(",\"dest1\":");
			UNS(t->dest1);
			LIT(",\"dest2\":");
			UNS(t->dest2);
		} else {
			put_area(jb, t->ne_lon, t->ne_lat, t->sw_lon, t->sw_lat, scaled);
		}
		LIT(",\"addressed\":");
		BOOL(t->addressed);
		LIT(",\"band_a\":");
		BOOL(t->band_a);
		LIT(",\"band_b\":");
		BOOL(t->band_b);
		LIT(",\"zonesize\":");
		UNS(t->zonesize);
		break;
	}
	case 23: {
		const struct vigil_ais_group *t = &m->u.group;
		put_area(jb, t->ne_lon, t->ne_lat, t->sw_lon, t->sw_lat, scaled);
		LIT(",\"stationtype\":");
		UNS(t->stationtype);
		LIT(",\"stationtype_text\":\"");
		TXT(station_text[t->stationtype & 15]);
		LIT("\"");
		put_shiptype(jb, t->shiptype);
		LIT(",\"interval\":");
		UNS(t->interval);
		LIT(",\"quiet\":");
		UNS(t->quiet);
		break;
	}
	case 24:
		json_static24(jb, m->mmsi, &m->u.t24);
		break;
	case 25: case 26:
		json_slotbin(jb, m->type, &m->u.slotbin);
		break;
	case 27: {
		const struct vigil_ais_longrange *t = &m->u.longrange;
		LIT(",\"status\":");
		if (scaled) {
			LIT("\"");
			TXT(status_text[t->status & 15]);
			LIT("\"");
		} else {
			UNS(t->status);
		}
		LIT(",\"accuracy\":");
		BOOL(t->accuracy);
		LIT(",\"lon\":");
		if (scaled)
			RATIO(t->lon, 600, 1);
		else
			SGN(t->lon);
		LIT(",\"lat\":");
		if (scaled)
			RATIO(t->lat, 600, 1);
		else
			SGN(t->lat);
		LIT(",\"speed\":");
		UNS(t->speed);
		LIT(",\"course\":");
		UNS(t->course);
		LIT(",\"raim\":");
		BOOL(t->raim);
		LIT(",\"gnss\":");
		BOOL(t->gnss);
		break;
	}
	default:
		break;
	}
}

size_t vigil_ais_json(const struct vigil_ais_msg *m, const struct vigil_ais_json_opts *o,
		      char *buf, size_t cap)
{
	struct vigil__jbuf jbs, *jb = &jbs;
	int scaled = o && o->scaled;

	vigil__jb_init(jb, buf, cap);
	LIT("{\"class\":\"AIS\"");
	if (o && o->device && o->device[0]) {
		LIT(",\"device\":\"");
		TXT(o->device);
		LIT("\"");
	}
	LIT(",\"type\":");
	UNS(m->type);
	LIT(",\"repeat\":");
	UNS(m->repeat);
	LIT(",\"mmsi\":");
	UNS(m->mmsi);
	if (scaled)
		LIT(",\"scaled\":true");
	else
		LIT(",\"scaled\":false");
	json_body(jb, m, scaled, o && o->assigned);
	if (o && o->extra && o->extra_len) {
		LIT(",");
		vigil__jb_raw(jb, o->extra, o->extra_len);
	}
	LIT("}");
	if (jb->overflow) {
		if (cap)
			buf[0] = 0;
		return 0;
	}
	return vigil__jb_finish(jb);
}
