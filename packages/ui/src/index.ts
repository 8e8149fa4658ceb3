export { cx } from "./cx";
export { Button, buttonClasses, type ButtonVariant } from "./button";
export { SelectField, TextArea, TextField } from "./field";
export { Alert, Badge, Card, EmptyState, PageHeader, type Tone } from "./surfaces";
export { Table, Td, Th, Tr } from "./table";
