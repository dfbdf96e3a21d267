/* fuzz_ais.c - libFuzzer target: AIS payload de-armoring, message decoding and gpsd JSON. */
#include <stdint.h>
#include <string.h>

#include "vigil/ais.h"
#include "vigil/error.h"

const char vigil_fuzz_name[] = "ais";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: "<fill digit>,<armored payload>[,<armored payload>...]" - each comma
 * starts another fragment of the same message (fill applies to the last one).
 * Bytes outside the armor set are passed through too, so rejection is tested.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vigil_ais_ctx ctx;
	static int ctx_ready;
	struct vigil_ais_payload p;
	struct vigil_ais_msg m;
	struct vigil_ais_json_opts o;
	char out[8192], small[64];
	const char *s = (const char *)data, *end = s + size, *q;
	unsigned fill = 0;
	size_t n;

	if (!ctx_ready) {
		vigil_ais_ctx_init(&ctx);
		ctx_ready = 1;
	}
	if (size > 0 && data[0] >= '0' && data[0] <= '9') {
		fill = (unsigned)(data[0] - '0');
		s++;
		if (s < end && *s == ',')
			s++;
	}
	vigil_ais_payload_clear(&p);
	for (;;) {
		q = memchr(s, ',', (size_t)(end - s));
		if (!q)
			q = end;
		if (vigil_ais_payload_append(&p, s, (size_t)(q - s), q == end ? fill : 0) != VIGIL_E_OK)
			return 0;
		if (q == end)
			break;
		s = q + 1;
	}
	if (vigil_ais_decode(&p, &m) != VIGIL_E_OK)
		return 0;
	if (!vigil_ais_ctx_type24(&ctx, (char)(size ? data[size - 1] & 1 ? 'A' : 'B' : 0), &m))
		return 0;
	memset(&o, 0, sizeof(o));
	o.device = "stdin";
	o.extra = "\"x\":1";
	o.extra_len = 5;
	for (o.scaled = 0; o.scaled <= 1; o.scaled++) {
		o.assigned = o.scaled;
		n = vigil_ais_json(&m, &o, out, sizeof(out));
		/* Every message fits in 8 KiB; the output is one NUL-terminated object. */
		if (n == 0 || out[0] != '{' || out[n - 1] != '}' || strlen(out) != n)
			__builtin_trap();
		n = vigil_ais_json(&m, &o, small, sizeof(small));
		if (n >= sizeof(small))
			__builtin_trap();
	}
	return 0;
}
