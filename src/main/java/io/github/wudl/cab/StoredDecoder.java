package io.github.wudl.cab;

/** A stored folder: each block's bytes are its content. */
enum StoredDecoder implements FolderDecoder {
    INSTANCE;

    @Override
    public void decode(byte[] in, int inLength, byte[] out, int outLength) throws CabinetException {
        if (inLength != outLength) {
            throw new CabinetException("a stored block holds " + inLength + " bytes but claims to give " + outLength);
        }
        System.arraycopy(in, 0, out, 0, inLength);
    }
}
