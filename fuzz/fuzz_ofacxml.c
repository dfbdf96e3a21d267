/* fuzz_ofacxml.c - libFuzzer target: the OFAC sdn.xml list loader (and format detection) on arbitrary bytes, small limits. */
#include "fuzz_list.h"

const char vigil_fuzz_name[] = "ofacxml";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_list_one(VIGIL_LIST_OFAC_SDN_XML, data, size);
}
