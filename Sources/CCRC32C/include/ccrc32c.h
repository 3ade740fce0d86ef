#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor computes CRC-32C in hardware (x86-64 SSE 4.2).
int ccrc32c_hardware_available(void);

/// Continues a CRC-32C over `length` bytes with the processor's crc32 instruction. `crc` is the
/// running (pre-inverted) value; call only when ccrc32c_hardware_available() says 1.
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *bytes, size_t length);

#endif
