// The parts of spandsp (Debian's libspandsp-dev) the codecs use. The umbrella <spandsp.h> would also
// pull in libtiff's headers for the fax code, which the stack does not need.
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
#include <spandsp/g722.h>
#include <spandsp/plc.h>
#include <spandsp/logging.h>
#include <spandsp/complex.h>
#include <spandsp/tone_detect.h>
#include <spandsp/tone_generate.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
