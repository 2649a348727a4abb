/**
 * The shipment's facts as flow-input templates, shared by every layer that talks about a parcel
 * (the team's alerts and the customer's messages), so both say the same thing in the same words.
 */
export const shipmentFields = {
  shipment: "{{ shipment.key }}",
  carrier: "{{ shipment.carrier }}",
  tracking_number: "{{ shipment.tracking_number }}",
  tracking_url: "{{ shipment.tracking_url }}",
  status_tag: "{{ shipment.tag }}",
  status_subtag: "{{ shipment.subtag }}",
  expected_delivery: "{{ shipment.expected_delivery }}",
};
