/** Who this service is, as the catalog knows it (see catalog-info.yaml). */
export const service = {
  name: '${{ values.name }}',
  description: ${{ values.description | dump }},
  owner: '${{ values.owner }}',
  system: '${{ values.system }}',
} as const;
