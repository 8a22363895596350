#!/usr/bin/env bash
# Render the hall display's Vietnamese voice clips into resources/audio/vi/.
#
# Needs espeak-ng and sox on the machine that runs it (Debian: apt-get install
# espeak-ng sox). The app and the tests never need them: they only read the
# committed WAV files. Run again only to change the voice; commit the output.
#
# Every clip: espeak-ng's Northern Vietnamese voice `vi` (phrases at 140 words a
# minute; single letters, digits and number words a little slower, at 125), then
# sox trims leading/trailing silence, normalises the peak, adds 5/15 ms fades (no
# clicks when clips are joined) and writes one common format:
# 16 kHz, mono, 16-bit signed PCM WAV. kiosk/announcement.py joins them.
#
# Usage: scripts/make_voice_clips.sh [output-dir]   (default resources/audio/vi)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/resources/audio/vi}"
VOICE="${VOICE:-vi}"        # Northern (Hanoi) speech: the broadcast standard
SPEED="${SPEED:-140}"       # words a minute for the phrases; espeak's default 175 is too quick
WORD_SPEED="${WORD_SPEED:-125}"  # letters, digits, number words: what the citizen listens for
PITCH="${PITCH:-45}"        # espeak's default is 50; a little lower sounds calmer
RATE=16000                  # speech needs no more; keeps the clips small
SPEECH_PEAK=-1              # dBFS after normalising
CHIME_PEAK=-6               # the chime stays softer than the voice

for tool in espeak-ng sox; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

FORMAT=(-D -r "$RATE" -c 1 -b 16 -e signed-integer)
# Cut leading silence below -45 dB (soft onsets such as "h", "x", "s" stay) and trailing
# silence below -60 dB: the quiet closure of a final stop ("ép", "hát", "một") stays.
TRIM=(silence 1 0.01 -45d reverse silence 1 0.01 -60d reverse)

say() {  # say STEM "text to speak" [words a minute]
    local stem=$1 text=$2 speed=${3:-$WORD_SPEED}
    espeak-ng -v "$VOICE" -s "$speed" -p "$PITCH" -w "$TMP/$stem.wav" -- "$text"
    # Two passes: after `silence` sox no longer knows the length that `fade` needs.
    sox "$TMP/$stem.wav" "$TMP/$stem-trimmed.wav" "${TRIM[@]}"
    sox "$TMP/$stem-trimmed.wav" "${FORMAT[@]}" "$OUT/$stem.wav" \
        gain -n "$SPEECH_PEAK" fade h 0.005 -0 0.015 rate -v "$RATE"
}

# Phrases, read whole so that they keep espeak's phrase intonation.
say intro "Xin mời công dân có số thứ tự" "$SPEED"
say to_counter "đến quầy số" "$SPEED"

# Digits, read one by one in a ticket label ("A 0 2 5") and in counters >= 100.
digits=(không một hai ba bốn năm sáu bảy tám chín)
for i in "${!digits[@]}"; do
    say "$i" "${digits[$i]}"
done

# Counter numbers 10..99 are joined from the digit words and these:
# mười (10..19), mươi (x0), mốt (x1 from 21), lăm (x5 from 15). 24 = "hai mươi bốn".
say num_muoi_10 "mười"
say num_muoi "mươi"
say num_mot "mốt"
say num_lam "lăm"

# Letters as Vietnamese speakers name them on tickets and number plates.
# J is written "di" because espeak reads "gi" alone as a bare consonant; both
# sound /zi/. In Northern and Southern speech D (dê) and G (giê) sound alike:
# an office should not give both prefixes to its services.
declare -A letters=(
    [a]="a" [b]="bê" [c]="xê" [d]="dê" [e]="e" [f]="ép" [g]="giê" [h]="hát"
    [i]="i" [j]="di" [k]="ca" [l]="e lờ" [m]="em mờ" [n]="en nờ" [o]="o"
    [p]="pê" [q]="quy" [r]="e rờ" [s]="ét xì" [t]="tê" [u]="u" [v]="vê"
    [w]="vê kép" [x]="ích xì" [y]="i dài" [z]="dét"
)
for letter in "${!letters[@]}"; do
    say "letter_$letter" "${letters[$letter]}"
done

# The chime: a soft two-tone ding-dong, about 0.8 s, like a doorbell: E5 struck first
# and ringing on while C5 is struck 0.35 s later. Each tone has a quiet octave
# overtone, a 10 ms attack and a linear decay to silence.
tone() {  # tone FILE HZ SECONDS
    local decay
    decay="$(awk "BEGIN { print $3 - 0.01 }")"
    sox -n "${FORMAT[@]}" "$TMP/fund.wav" synth "$3" sine "$2"
    sox -n "${FORMAT[@]}" "$TMP/over.wav" synth "$3" sine "$(awk "BEGIN { print $2 * 2 }")" gain -14
    sox -m "$TMP/fund.wav" "$TMP/over.wav" "${FORMAT[@]}" "$1" fade t 0.01 "$3" "$decay"
}
tone "$TMP/ding.wav" 659.26 0.80
tone "$TMP/dong.wav" 523.25 0.45
sox "$TMP/dong.wav" "$TMP/dong-late.wav" pad 0.35 0
sox -m "$TMP/ding.wav" "$TMP/dong-late.wav" "${FORMAT[@]}" "$OUT/chime.wav" gain -n "$CHIME_PEAK"

VERSION="$(espeak-ng --version | sed -n 's/^eSpeak NG text-to-speech: \([^ ]*\).*/\1/p')"
SOX_VERSION="$(sox --version | sed 's/.*SoX v//')"
cat > "$OUT/README.txt" <<EOF
Vietnamese announcement clips for the hall display
==================================================

Made by scripts/make_voice_clips.sh with:
  espeak-ng $VERSION, voice "$VOICE" (Vietnamese, Northern), pitch $PITCH, phrases at
  $SPEED words a minute, letters/digits/number words at $WORD_SPEED;
  sox $SOX_VERSION: silence trimmed (below -45 dB before, -60 dB after), peak normalised to
  $SPEECH_PEAK dBFS (chime $CHIME_PEAK dBFS), 5 ms fade in, 15 ms fade out;
  all files ${RATE} Hz, mono, 16-bit signed PCM WAV.

Licence: generated with espeak-ng (GPLv3 program); the generated audio is ours,
under the project's licence. The chime is synthesised with sox (two sine tones).

Files (stem: what it says)
  chime          two-tone ding-dong, about 0.8 s
  intro          "Xin mời công dân có số thứ tự"
  to_counter     "đến quầy số"
  0 .. 9         không, một, hai, ba, bốn, năm, sáu, bảy, tám, chín
  num_muoi_10    "mười"  (10..19)
  num_muoi       "mươi"  (20, 30 .. 90)
  num_mot        "mốt"   (21, 31 .. 91)
  num_lam        "lăm"   (15, 25 .. 95)
  letter_a .. letter_z
                 a, bê, xê, dê, e, ép, giê, hát, i, gi, ca, e-lờ, em-mờ, en-nờ, o,
                 pê, quy, e-rờ, ét-xì, tê, u, vê, vê-kép, ích-xì, i-dài, dét
                 (D and G sound alike in Northern and Southern speech.)

kiosk/announcement.py joins them: chime, intro, the label letter by letter and
digit by digit, to_counter, the counter as a number ("mười hai") when below 100,
else digit by digit; the sentence is said twice. Any Vietnamese voice can
replace these files if it keeps the stems and one common WAV format.
EOF

clips=("$OUT"/*.wav)
echo "${#clips[@]} clips, $(cat "${clips[@]}" | wc -c) bytes, written to $OUT"
