package io.eventwire.keyorder;

/**
 * Where a parked event was read: its partition and offset in its original topic. Events of one
 * key share a partition, so the offset gives their order.
 *
 * @param partition the partition of the original topic
 * @param offset the offset in that partition
 */
public record ParkedId(int partition, long offset) implements Comparable<ParkedId> {

	@Override
	public int compareTo(ParkedId other) {
		int byPartition = Integer.compare(this.partition, other.partition);
		return (byPartition != 0) ? byPartition : Long.compare(this.offset, other.offset);
	}

	@Override
	public String toString() {
		return this.partition + "@" + this.offset;
	}

}
