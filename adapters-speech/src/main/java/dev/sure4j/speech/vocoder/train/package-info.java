/**
 * Training of the HiFi-GAN generator (jik876/hifi-gan): the multi-period and multi-scale
 * discriminators ({@link dev.sure4j.speech.vocoder.train.MultiPeriodDiscriminator}, {@link
 * dev.sure4j.speech.vocoder.train.MultiScaleDiscriminator}), the official losses ({@link
 * dev.sure4j.speech.vocoder.train.GanLosses}) and the loop that alternates discriminator and
 * generator updates on the one training engine ({@link
 * dev.sure4j.speech.vocoder.train.VocoderTrainer}).
 */
package dev.sure4j.speech.vocoder.train;
