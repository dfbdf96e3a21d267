/* fuzz_scenario.c - libFuzzer target for the simulator's scenario reader, planner and a short run. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>

#include "vigil/error.h"
#include "vigil/sim.h"

const char vigil_fuzz_name[] = "scenario";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_sim_opt opt = { 0 };
	struct vigil_sim *s;
	char err[200], *buf;
	size_t n, cap, total = 0;
	const char *t;
	int e;

	/* Keep each run short: at most two simulated hours and a few random vessels. */
	opt.hours = 2;
	opt.max_random = 20;
	if (size > 65536)
		return 0;
	if (vigil_sim_new((const char *)data, size, &opt, &s, err, sizeof(err)) != VIGIL_E_OK)
		return 0;
	cap = vigil_sim_chunk_min(s) + 4096;
	buf = malloc(cap);
	if (!buf) {
		vigil_sim_free(s);
		return 0;
	}
	do {
		e = vigil_sim_run(s, buf, cap, &n);
		if (n > cap)
			__builtin_trap();
		total += n;
	} while (e == VIGIL_E_INCOMPLETE && total < ((size_t)64 << 20));
	if (e == VIGIL_E_OK && (vigil_sim_truth(s, &t, &n) || vigil_sim_meta(s, &t, &n)))
		__builtin_trap();
	free(buf);
	vigil_sim_free(s);
	return 0;
}
