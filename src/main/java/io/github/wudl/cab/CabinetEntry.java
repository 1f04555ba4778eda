package io.github.wudl.cab;

/**
 * One file inside a cabinet, as its CFFILE record describes it.
 *
 * @param name the entry's path inside the cabinet, with {@code /} between folders (a cabinet writes
 *     {@code \}); never absolute, never with an empty, {@code .} or {@code ..} segment
 * @param size its uncompressed size in bytes ({@code cbFile})
 * @param folder the index of the folder that holds its bytes ({@code iFolder})
 * @param offset where its bytes start in the folder's uncompressed stream ({@code uoffFolderStart})
 * @param attributes its attribute bits ({@code attribs}; {@code 0x80}: the name was UTF-8)
 */
public record CabinetEntry(String name, long size, int folder, long offset, int attributes) {}
