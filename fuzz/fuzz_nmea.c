/* fuzz_nmea.c - libFuzzer target: NMEA line framer, tag blocks, reassembly, AIS decode, JSON, CSV. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/ais.h"
#include "vigil/nmea.h"
#include "csvout.h"

const char vigil_fuzz_name[] = "nmea";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct vigil_ais_ctx *actx, const struct vigil_nmea_msg *nm)
{
	static char buf[8192];
	struct vigil_ais_msg m;
	struct vigil_ais_json_opts o;

	memset(&m, 0, sizeof(m));
	if (nm->payload.nbits > VIGIL_AIS_MAXBITS || nm->type > 63)
		abort();
	if (vigil_ais_decode(&nm->payload, &m) != 0)
		return;
	vigil__csv_row(nm, &m, buf, sizeof(buf));
	if (!vigil_ais_ctx_type24(actx, nm->channel, &m))
		return;
	memset(&o, 0, sizeof(o));
	o.scaled = 1;
	o.device = "stdin";
	o.extra = "\"rxtime\":\"x\"";
	o.extra_len = strlen(o.extra);
	if (vigil_ais_json(&m, &o, buf, sizeof(buf)) >= sizeof(buf))
		abort();
	o.scaled = 0;
	o.assigned = 1;
	vigil_ais_json(&m, &o, buf, sizeof(buf));
	/* A too-small buffer must fail cleanly, not overflow. */
	vigil_ais_json(&m, &o, buf, 40);
}

/*
 * Differential: the input's first bytes as one payload, through the framer and
 * through the reference vigil_ais_payload_append; both must agree.
 */
static void differential(const uint8_t *data, size_t size)
{
	static struct vigil_nmea_ctx c;
	static struct vigil_nmea_msg m;
	struct vigil_ais_payload ref;
	char pay[128], line[200];
	size_t n = size < 120 ? size : 120, i;
	unsigned fill = size ? data[0] % 6u : 0, x = 0;
	int e, got, len;

	for (i = 0; i < n; i++) {
		char ch = (char)data[i];
		/* Keep the sentence's structure: no separators or line ends inside. */
		if (ch == ',' || ch == '*' || ch == '\n' || ch == '\r' || ch == 0)
			ch = '0';
		pay[i] = ch;
	}
	if (n * 6 < fill)
		fill = 0;
	vigil_ais_payload_clear(&ref);
	e = vigil_ais_payload_append(&ref, pay, n, fill);
	len = snprintf(line, sizeof(line), "!AIVDM,1,1,,A,%.*s,%u*", (int)n, pay, fill);
	for (i = 1; i + 1 < (size_t)len; i++)
		x ^= (unsigned char)line[i];
	len += snprintf(line + len, sizeof(line) - (size_t)len, "%02X", x);
	vigil_nmea_init(&c);
	got = vigil_nmea_line(&c, line, (size_t)len, 0, &m);
	if (n == 0)
		return; /* the framer refuses empty payloads; the reference appends nothing */
	if ((e == 0) != (got == 1))
		abort();
	if (got && (m.payload.nbits != ref.nbits || memcmp(m.payload.bits, ref.bits, sizeof(ref.bits))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vigil_nmea_ctx ctx;
	static struct vigil_nmea_msg msg;
	static struct vigil_ais_ctx actx;
	size_t pos = 0;

	differential(data, size);
	vigil_nmea_init(&ctx);
	vigil_ais_ctx_init(&actx);
	/* The first byte picks small tables and short expiry so eviction paths run. */
	if (size && data[0] < 32) {
		ctx.nslots = 1u + data[0] % 4u;
		ctx.max_age = data[0];
		ctx.max_age_ms = data[0] * 1000;
	}
	/* The whole input as one tag block, too. */
	{
		int64_t t;
		char st[VIGIL_NMEA_STATION_MAX + 1];
		unsigned gs, gt;
		uint32_t gid;
		char *c = malloc(size ? size : 1);
		if (!c)
			return 0;
		memcpy(c, data, size);
		vigil_nmea_tagblock(c, size, &t, st, &gs, &gt, &gid);
		free(c);
	}
	while (pos < size) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - (data + pos)) : size - pos;
		/* An exact-size copy so that reads past the line end are caught. */
		char *line = malloc(len ? len : 1);
		int r;

		if (!line)
			return 0;
		memcpy(line, data + pos, len);
		for (r = vigil_nmea_line(&ctx, line, len, pos, &msg); r > 0;
		     r = vigil_nmea_line(&ctx, NULL, 0, 0, &msg))
			use(&actx, &msg);
		free(line);
		pos += len + 1;
	}
	vigil_nmea_flush(&ctx);
	if (ctx.used != 0)
		abort();
	return 0;
}
