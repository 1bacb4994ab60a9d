package dev.unrip.nearintents.protocol;

import java.math.BigInteger;

/** Base58 with the Bitcoin alphabet, as NEAR uses for keys, signatures and hashes. */
public final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {
    }

    public static String encode(byte[] bytes) {
        BigInteger n = new BigInteger(1, bytes);
        StringBuilder out = new StringBuilder();
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    public static byte[] decode(String text) {
        BigInteger n = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: '" + c + "'");
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] raw = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int strip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] out = new byte[zeros + raw.length - strip];
        System.arraycopy(raw, strip, out, zeros, raw.length - strip);
        return out;
    }
}
