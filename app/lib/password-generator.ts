/**
 * Letters and digits an admin can read out or copy by hand without mistakes: no 0/O, 1/l/I.
 * 16 characters from 56 give about 92 bits.
 */
const LETTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
const ALPHABET = LETTERS + DIGITS;
export const GENERATED_LENGTH = 16;

/** The largest multiple of the alphabet's size below 256: bytes above it are drawn again. */
const LIMIT = 256 - (256 % ALPHABET.length);

/**
 * A strong password that meets the policy (length, letters and digits). `randomBytes` is
 * crypto.getRandomValues in the browser; rejection sampling keeps every character equally likely.
 */
export function generatePassword(randomBytes: (bytes: Uint8Array) => Uint8Array): string {
  for (;;) {
    let password = "";
    while (password.length < GENERATED_LENGTH) {
      for (const byte of randomBytes(new Uint8Array(GENERATED_LENGTH))) {
        if (byte < LIMIT && password.length < GENERATED_LENGTH) {
          password += ALPHABET[byte % ALPHABET.length];
        }
      }
    }
    if (/[a-zA-Z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}
