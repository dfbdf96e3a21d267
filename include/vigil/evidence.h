/* evidence.h - where a message came from: input file index, line and byte offset, packed. */
#ifndef VIGIL_EVIDENCE_H
#define VIGIL_EVIDENCE_H

#include <stdint.h>

/*
 * vigil_fix.ref / vigil_static.ref pack the input file's index (0..65534,
 * in the order files were given) in the top 16 bits and the byte offset of
 * the message's first line in the low 48 bits (256 TiB). The line number is
 * kept beside it (vigil_fix.line). VIGIL_REF_NONE: unknown.
 */
#define VIGIL_REF_NONE UINT64_MAX

static inline uint64_t vigil_ref_make(unsigned file, uint64_t offset)
{
	return ((uint64_t)(file & 0xffffu) << 48) | (offset & 0xffffffffffffULL);
}

static inline unsigned vigil_ref_file(uint64_t ref)
{
	return (unsigned)(ref >> 48);
}

static inline uint64_t vigil_ref_offset(uint64_t ref)
{
	return ref & 0xffffffffffffULL;
}

#endif
