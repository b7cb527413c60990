package io.eventwire.dlq;

/**
 * One record of a partition as one consumer group's consumer holds it: what the error handling
 * keeps of a failing record, where several records of one partition can fail at once (keys handled
 * side by side).
 *
 * @param partition the group and partition
 * @param offset the record's offset
 */
record GroupRecord(GroupPartition partition, long offset) {
}
