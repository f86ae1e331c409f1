import type { RegistryFieldsType } from '@rjsf/utils';
import { EntityPickerField, MultiEntityPickerField, OwnerPickerField } from './EntityPickers';
import { EntityNamePickerField } from './EntityNamePickerField';
import { EntityTagsPickerField } from './EntityTagsPickerField';
import { RepoUrlPickerField } from './RepoUrlPickerField';
import { SecretField } from './SecretField';

/** The `ui:field` names templates use, Backstage's, and the fields that render them. */
export const customFields: RegistryFieldsType = {
  EntityPicker: EntityPickerField,
  OwnerPicker: OwnerPickerField,
  MultiEntityPicker: MultiEntityPickerField,
  EntityNamePicker: EntityNamePickerField,
  EntityTagsPicker: EntityTagsPickerField,
  RepoUrlPicker: RepoUrlPickerField,
  Secret: SecretField,
};
