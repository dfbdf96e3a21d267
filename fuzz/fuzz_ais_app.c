/* fuzz_ais_app.c - libFuzzer target: types 6/8 application payload decoding and its gpsd JSON, checked to be valid JSON. */
#include <stdint.h>
#include <string.h>

#include "vigil/ais.h"
#include "vigil/ais_app.h"
#include "vigil/error.h"
#include "vigil/json.h"
#include "ais_app_json.h"

const char vigil_fuzz_name[] = "ais_app";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: byte 0 selects the message type (odd: 8, even: 6), bytes 1-2 the
 * payload length in bits (little endian, up to 2047 so that lengths past the
 * 1008-bit limit are tried too), the rest are the payload bits MSB first
 * (bits past the input stay zero; bits past the length are kept, as fill
 * bits are). The message type field is forced to match byte 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vigil_json_tok tok[2048];
	struct vigil_ais_payload p;
	struct vigil_ais_app a;
	struct vigil__jbuf jb;
	char out[16384];
	unsigned type;
	size_t n, len, ntok;
	int scaled;

	if (size < 3)
		return 0;
	type = data[0] & 1 ? 8 : 6;
	vigil_ais_payload_clear(&p);
	p.nbits = (size_t)(data[1] | data[2] << 8) % VIGIL_AIS_MAXBITS;
	n = size - 3 < VIGIL_AIS_MAXBITS / 8 ? size - 3 : VIGIL_AIS_MAXBITS / 8;
	memcpy(p.bits, data + 3, n);
	p.bits[0] = (uint8_t)(type << 2 | (p.bits[0] & 3));
	if (vigil_ais_app_decode(&p, type, &a) == 0) {
		if (a.kind != VIGIL_AIS_APP_NONE)
			__builtin_trap();
		return 0;
	}
	if (a.kind == VIGIL_AIS_APP_NONE || a.kind >= VIGIL_AIS_APP__COUNT || a.msgtype != type)
		__builtin_trap();
	for (scaled = 0; scaled <= 1; scaled++) {
		vigil__jb_init(&jb, out, sizeof(out));
		vigil__jb_raw(&jb, "{\"fid\":0", 8);
		vigil__ais_app_json(&a, scaled, &jb);
		vigil__jb_raw(&jb, "}", 1);
		len = vigil__jb_finish(&jb);
		/* Every payload's members fit in 16 KiB and form valid JSON (gpsd's invalid cases fixed). */
		if (jb.overflow || vigil_json_parse(out, len, tok, 2048, &ntok, NULL) != VIGIL_E_OK)
			__builtin_trap();
	}
	return 0;
}
