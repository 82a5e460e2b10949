"""The reference Python node, broken on purpose in two rules the conformance kit must name:
it answers on the partition after its request's (answer.partition) and runs every request,
whoever it names (dispatch.filters-itself)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../node-client/python"))

import mgmt_node  # noqa: E402


class BrokenNode(mgmt_node.ManagedNode):
    def _request(self, message, request):
        request = dict(request, nodes=[])  # ignores its targets
        return super()._request(_Shifted(message, self.partitions), request)

    @property
    def partitions(self):
        topic = self.topics["dispatch.responses"]
        return len(self.consumer.list_topics(topic, timeout=10).topics[topic].partitions)


class _Shifted:
    """A request as if it came from the next partition."""

    def __init__(self, message, partitions):
        self.message = message
        self.partitions = partitions

    def partition(self):
        return (self.message.partition() + 1) % self.partitions

    def __getattr__(self, name):
        return getattr(self.message, name)


if __name__ == "__main__":
    node = BrokenNode.from_environment()
    node.run()
