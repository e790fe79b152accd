#include "COpusShims.h"

int copus_set_bitrate(OpusEncoder *e, opus_int32 bitrate) { return opus_encoder_ctl(e, OPUS_SET_BITRATE(bitrate)); }
int copus_get_bitrate(OpusEncoder *e, opus_int32 *bitrate) { return opus_encoder_ctl(e, OPUS_GET_BITRATE(bitrate)); }
int copus_set_complexity(OpusEncoder *e, opus_int32 complexity) { return opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(complexity)); }
int copus_set_vbr(OpusEncoder *e, opus_int32 vbr) { return opus_encoder_ctl(e, OPUS_SET_VBR(vbr)); }
int copus_set_inband_fec(OpusEncoder *e, opus_int32 fec) { return opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(fec)); }
int copus_set_dtx(OpusEncoder *e, opus_int32 dtx) { return opus_encoder_ctl(e, OPUS_SET_DTX(dtx)); }
int copus_set_packet_loss_perc(OpusEncoder *e, opus_int32 percent) { return opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(percent)); }
int copus_set_max_bandwidth(OpusEncoder *e, opus_int32 bandwidth) { return opus_encoder_ctl(e, OPUS_SET_MAX_BANDWIDTH(bandwidth)); }
int copus_set_force_channels(OpusEncoder *e, opus_int32 channels) { return opus_encoder_ctl(e, OPUS_SET_FORCE_CHANNELS(channels)); }
int copus_set_signal(OpusEncoder *e, opus_int32 signal) { return opus_encoder_ctl(e, OPUS_SET_SIGNAL(signal)); }
int copus_get_lookahead(OpusEncoder *e, opus_int32 *samples) { return opus_encoder_ctl(e, OPUS_GET_LOOKAHEAD(samples)); }
int copus_get_in_dtx(OpusEncoder *e, opus_int32 *inDTX) { return opus_encoder_ctl(e, OPUS_GET_IN_DTX(inDTX)); }
int copus_encoder_reset(OpusEncoder *e) { return opus_encoder_ctl(e, OPUS_RESET_STATE); }
int copus_decoder_reset(OpusDecoder *d) { return opus_decoder_ctl(d, OPUS_RESET_STATE); }
int copus_decoder_get_last_packet_duration(OpusDecoder *d, opus_int32 *samples) { return opus_decoder_ctl(d, OPUS_GET_LAST_PACKET_DURATION(samples)); }
