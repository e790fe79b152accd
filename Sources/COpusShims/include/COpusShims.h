// Typed wrappers for libopus's variadic ctl calls and function-like macros, which Swift cannot call
// (ARCHITECTURE.md: the C shim target). Each returns the libopus status code (OPUS_OK on success).
#ifndef COPUS_SHIMS_H
#define COPUS_SHIMS_H

#include <opus/opus.h>

int copus_set_bitrate(OpusEncoder *e, opus_int32 bitrate);
int copus_get_bitrate(OpusEncoder *e, opus_int32 *bitrate);
int copus_set_complexity(OpusEncoder *e, opus_int32 complexity);
int copus_set_vbr(OpusEncoder *e, opus_int32 vbr);
int copus_set_inband_fec(OpusEncoder *e, opus_int32 fec);
int copus_set_dtx(OpusEncoder *e, opus_int32 dtx);
int copus_set_packet_loss_perc(OpusEncoder *e, opus_int32 percent);
int copus_set_max_bandwidth(OpusEncoder *e, opus_int32 bandwidth);
int copus_set_force_channels(OpusEncoder *e, opus_int32 channels);
int copus_set_signal(OpusEncoder *e, opus_int32 signal);
int copus_get_lookahead(OpusEncoder *e, opus_int32 *samples);
int copus_get_in_dtx(OpusEncoder *e, opus_int32 *inDTX);
int copus_encoder_reset(OpusEncoder *e);
int copus_decoder_reset(OpusDecoder *d);
int copus_decoder_get_last_packet_duration(OpusDecoder *d, opus_int32 *samples);

#endif
