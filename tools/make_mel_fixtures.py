#!/usr/bin/env python3
"""Generate the log-mel parity fixtures of adapters-speech (dev.sure4j.speech.synthesis tests).

espeak-ng speech is rendered and converted by sox to 16-bit mono WAV (22050 Hz and 16000 Hz), and
the reference log-mel spectrograms are computed with PyTorch/torchaudio:

  speech_a.wav, speech_b.wav     22050 Hz, 1.0 s and 0.6 s
  speech_c_16k.wav               16000 Hz, 0.8 s (unseen text, another voice)
  speech_a_hifigan.npy           torchaudio MelSpectrogram (HiFi-GAN preset) + log(clamp(x, 1e-5))
  speech_b_hifigan.npy           the same for speech_b (the batch test pads it to speech_a's length)
  speech_a_fastspeech2.npy       ming024/FastSpeech2's TacotronSTFT pipeline, rebuilt here: reflect
                                 pad, conv1d over a Hann-windowed Fourier basis, magnitude, librosa
                                 (slaney) mel basis via melscale_fbanks, log(clamp(x, 1e-5))
  speech_c_16k_custom.npy        16 kHz, n_fft 512, win 400, hop 160, 40 htk mels without norm,
                                 f_min 20, f_max 8000, power 2, floor 1e-10
  speech_c_16k_hifigan.npy       speech_c resampled to 22050 Hz (torchaudio resample in float64),
                                 then the HiFi-GAN preset
  speech_b_griffinlim16.npy      torchaudio GriffinLim(n_fft 1024, win 1024, hop 256, power 1,
                                 n_iter 16, momentum 0.99, rand_init=False) of speech_b's magnitude
                                 spectrogram, float32 [samples]

Every log-mel .npy is float32 [n_mels, frames]. Usage (from the repository root):

    /usr/bin/python3 tools/make_mel_fixtures.py [--out adapters-speech/src/test/resources/audio/mel]

Tested with PyTorch 1.13, torchaudio 0.13.1, numpy 1.24, espeak-ng 1.51 and sox 14.4.2.
"""

import argparse
import os
import subprocess
import tempfile
import wave

import numpy as np
import torch
import torchaudio

HIFIGAN = dict(sample_rate=22050, n_fft=1024, win_length=1024, hop_length=256, f_min=0.0,
               f_max=8000.0, n_mels=80, power=1.0, norm="slaney", mel_scale="slaney",
               center=True, pad_mode="reflect")
CUSTOM = dict(sample_rate=16000, n_fft=512, win_length=400, hop_length=160, f_min=20.0,
              f_max=8000.0, n_mels=40, power=2.0, norm=None, mel_scale="htk", center=True,
              pad_mode="reflect")


def speak(path, text, voice, rate, seconds, offset):
    """Render text, convert to 16-bit mono at `rate`, cut `seconds` starting at `offset` s."""
    with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as tmp:
        raw = tmp.name
    try:
        subprocess.run(["espeak-ng", "-v", voice, "-w", raw, text], check=True)
        subprocess.run(["sox", "-R", "-D", raw, "-r", str(rate), "-c", "1", "-b", "16", "-e",
                        "signed-integer", path, "gain", "-3", "rate", str(rate),
                        "trim", str(offset), str(seconds)], check=True)
    finally:
        os.unlink(raw)
    with wave.open(path, "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return torch.from_numpy(pcm.astype(np.float32) / 32768.0)


def log_mel(x, settings, floor):
    mel = torchaudio.transforms.MelSpectrogram(**settings)(x)
    return torch.log(torch.clamp(mel, min=floor))


def tacotron_log_mel(x):
    """ming024/FastSpeech2 audio/stft.py TacotronSTFT.mel_spectrogram with the LJSpeech config."""
    n_fft, hop, win = 1024, 256, 1024
    basis = np.fft.fft(np.eye(n_fft))
    cutoff = n_fft // 2 + 1
    basis = np.vstack([np.real(basis[:cutoff, :]), np.imag(basis[:cutoff, :])])
    window = torch.hann_window(win, periodic=True, dtype=torch.float64).numpy()  # scipy "hann"
    forward = torch.FloatTensor(basis[:, None, :] * window)
    y = torch.nn.functional.pad(x.view(1, 1, 1, -1), (n_fft // 2, n_fft // 2, 0, 0), mode="reflect")
    t = torch.nn.functional.conv1d(y.squeeze(1), forward, stride=hop)
    magnitude = torch.sqrt(t[:, :cutoff] ** 2 + t[:, cutoff:] ** 2)
    # librosa.filters.mel(22050, 1024, 80, 0, 8000): slaney scale and norm
    fb = torchaudio.functional.melscale_fbanks(cutoff, 0.0, 8000.0, 80, 22050, "slaney", "slaney")
    mel = torch.matmul(fb.T, magnitude)
    return torch.log(torch.clamp(mel, min=1e-5))[0]


def save(out, name, t):
    np.save(os.path.join(out, name), np.ascontiguousarray(t.detach().numpy(), dtype=np.float32))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="adapters-speech/src/test/resources/audio/mel")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    a = speak(os.path.join(args.out, "speech_a.wav"), "Features in, waveforms out.", "en-us",
              22050, 1.0, 0.05)
    b = speak(os.path.join(args.out, "speech_b.wav"), "Exact against Python.", "en", 22050, 0.6,
              0.05)
    c = speak(os.path.join(args.out, "speech_c_16k.wav"), "Seven quiet zebras.", "en-gb+f3",
              16000, 0.8, 0.05)
    save(args.out, "speech_a_hifigan.npy", log_mel(a, HIFIGAN, 1e-5))
    save(args.out, "speech_b_hifigan.npy", log_mel(b, HIFIGAN, 1e-5))
    save(args.out, "speech_a_fastspeech2.npy", tacotron_log_mel(a))
    save(args.out, "speech_c_16k_custom.npy", log_mel(c, CUSTOM, 1e-10))
    c22 = torchaudio.functional.resample(c.double(), 16000, 22050).float()
    save(args.out, "speech_c_16k_hifigan.npy", log_mel(c22, HIFIGAN, 1e-5))
    spec = torchaudio.transforms.Spectrogram(n_fft=1024, win_length=1024, hop_length=256,
                                             power=1.0)(b)
    gl = torchaudio.transforms.GriffinLim(n_fft=1024, n_iter=16, win_length=1024, hop_length=256,
                                          power=1.0, momentum=0.99, rand_init=False)(spec)
    save(args.out, "speech_b_griffinlim16.npy", gl)
    for name in sorted(os.listdir(args.out)):
        print(name, os.path.getsize(os.path.join(args.out, name)), "bytes")


if __name__ == "__main__":
    main()
