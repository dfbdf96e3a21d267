/* fuzz_eu.c - libFuzzer target: the EU FSF XML list loader (and format detection) on arbitrary bytes, small limits. */
#include "fuzz_list.h"

const char vigil_fuzz_name[] = "eu";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_list_one(VIGIL_LIST_EU_XML, data, size);
}
