package io.peanutcache.cluster.peers;

/**
 * What an owner answered to a change of one key: the former value for the operations that return
 * it, the flag for those that say whether they changed anything.
 *
 * @param flag whether a conditional operation changed the entry
 * @param value the former value's bytes, or null if there was none or the operation returns none
 */
public record KeyReply(boolean flag, byte[] value) {}
